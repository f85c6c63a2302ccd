package io.postfixinsights.deliver;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** FreeMarker for the small pages this package writes itself (archive index, mail body). */
final class Templates {

    private static final Configuration CONFIGURATION = create();

    private Templates() {}

    private static Configuration create() {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setClassForTemplateLoading(Templates.class, "/templates/");
        cfg.setDefaultEncoding(StandardCharsets.UTF_8.name());
        // A broken template must fail the run, not leave a half-written page behind.
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        return cfg;
    }

    /** Renders a {@code .ftlh} template (HTML auto-escaping) with a record as its data model. */
    static String render(String templateName, Object model) throws IOException {
        Template template = CONFIGURATION.getTemplate(templateName);
        StringWriter out = new StringWriter();
        try {
            template.process(model, out);
        } catch (TemplateException e) {
            throw new IOException("Could not render template " + templateName + ": " + e.getMessage(), e);
        }
        return out.toString();
    }
}
