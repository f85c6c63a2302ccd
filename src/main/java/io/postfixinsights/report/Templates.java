package io.postfixinsights.report;

import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one FreeMarker configuration of the application (report pages, mail headline, archive index, mail body).
 * Templates come from the classpath folder {@code templates/}; {@code .ftlh} files escape every interpolation as
 * HTML, which matters since replies, addresses and samples are text from log lines (attacker-controlled).
 */
final class Templates {

    private static final Configuration CONFIGURATION = create();

    private Templates() {}

    private static Configuration create() {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setClassForTemplateLoading(Templates.class, "/templates/");
        cfg.setDefaultEncoding(StandardCharsets.UTF_8.name());
        cfg.setOutputEncoding(StandardCharsets.UTF_8.name());
        cfg.setRecognizeStandardFileExtensions(true);
        // A broken template must fail the run, not leave a half-written page behind.
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setLocale(Locale.ROOT);
        cfg.setNumberFormat(",##0.###");
        // With incompatible improvements 2.3.33+, a record's accessors (totals()) read as properties (totals).
        cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        return cfg;
    }

    /** Renders a {@code .ftlh} template with a record as its data model. */
    static String render(String templateName, Object model) throws IOException {
        StringWriter out = new StringWriter();
        process(templateName, model, out);
        return out.toString();
    }

    /** Renders a template straight into a UTF-8 file. */
    static void write(String templateName, Object model, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            process(templateName, model, w);
        }
    }

    private static void process(String templateName, Object model, Writer out) throws IOException {
        Template template = CONFIGURATION.getTemplate(templateName);
        try {
            template.process(model, out);
        } catch (TemplateException e) {
            throw new IOException("Could not render template " + templateName + ": " + e.getMessage(), e);
        }
    }
}
