package io.postfixinsights.sample;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Where our outbound mail goes: real providers with their real MX host patterns and reply texts, and small
 * fictional domains (reserved {@code .example} TLD, documentation IPs) run by Postfix or Exim. Reply texts follow the
 * shapes these providers are known to send; tokens inside them are random.
 */
final class Destinations {

    /** Which software answers, which decides the reply texts. */
    enum Mta {
        GMAIL,
        WORKSPACE,
        OUTLOOK,
        M365,
        YAHOO,
        POSTFIX,
        EXIM,
        UNREACHABLE
    }

    record Destination(
            String domain, String provider, Mta mta, List<String> mxHosts, List<String> mxIps, double weight) {}

    /** One MX host chosen for an attempt. */
    record Relay(String host, String ip) {
        String field() {
            return host + "[" + ip + "]:25";
        }

        String said(String reply, String command) {
            return "host " + host + "[" + ip + "] said: " + reply + " (in reply to " + command + " command)";
        }
    }

    /** What a delivery agent logs for an attempt: dsn and the text in parentheses. */
    record Reply(String dsn, String text) {}

    static final String OUR_IP = "203.0.113.25";

    private static final String GOOGLE = "Google";
    private static final String MICROSOFT = "Microsoft";

    static final Destination GMAIL = new Destination(
            "gmail.com",
            GOOGLE,
            Mta.GMAIL,
            List.of("gmail-smtp-in.l.google.com", "alt1.gmail-smtp-in.l.google.com"),
            List.of("142.250.102.27", "142.250.153.26"),
            24);
    static final Destination YAHOO = new Destination(
            "yahoo.com",
            "Yahoo",
            Mta.YAHOO,
            List.of("mta5.am0.yahoodns.net", "mta6.am0.yahoodns.net", "mta7.am0.yahoodns.net"),
            List.of("67.195.204.72", "98.136.96.75", "67.195.228.110"),
            7);
    /** A small-company domain for the list-hygiene cluster. */
    static final Destination ROWING_CLUB = small("lakeside-rowing.example", Mta.POSTFIX, 10, 1.5);
    /** A domain whose MX no longer answers: everything to it is deferred until it expires. */
    static final Destination UNREACHABLE = new Destination(
            "oldharbor-trading.example",
            "oldharbor-trading.example",
            Mta.UNREACHABLE,
            List.of("mail.oldharbor-trading.example"),
            List.of("198.51.100.201"),
            0.3);

    static final List<Destination> ALL = List.of(
            GMAIL,
            YAHOO,
            new Destination(
                    "outlook.com",
                    MICROSOFT,
                    Mta.OUTLOOK,
                    List.of("outlook-com.olc.protection.outlook.com"),
                    List.of("52.101.68.15", "52.101.73.6"),
                    6),
            new Destination(
                    "hotmail.com",
                    MICROSOFT,
                    Mta.OUTLOOK,
                    List.of("hotmail-com.olc.protection.outlook.com"),
                    List.of("52.101.41.58", "52.101.42.7"),
                    5),
            new Destination(
                    "harborlight-design.example",
                    GOOGLE,
                    Mta.WORKSPACE,
                    List.of("aspmx.l.google.com", "alt1.aspmx.l.google.com"),
                    List.of("142.251.9.27", "142.250.153.27"),
                    6),
            new Destination(
                    "brightwell-partners.example",
                    MICROSOFT,
                    Mta.M365,
                    List.of("brightwell-partners-example.mail.protection.outlook.com"),
                    List.of("52.101.68.12", "52.101.73.19"),
                    7),
            small("alderbrook-dental.example", Mta.POSTFIX, 11, 3),
            small("bluepeak-outdoor.example", Mta.EXIM, 12, 2.5),
            small("cedarline-law.example", Mta.POSTFIX, 13, 3),
            small("driftwood-bakery.example", Mta.POSTFIX, 14, 1.5),
            small("eastgate-printing.example", Mta.EXIM, 15, 2),
            small("fernhill-school.example", Mta.POSTFIX, 16, 2),
            small("granite-consulting.example", Mta.POSTFIX, 17, 3),
            small("hollowtree-vet.example", Mta.EXIM, 18, 1.5),
            small("ironbridge-eng.example", Mta.POSTFIX, 19, 2.5),
            small("juniper-travel.example", Mta.EXIM, 20, 2),
            small("kestrel-architects.example", Mta.POSTFIX, 21, 2),
            ROWING_CLUB,
            small("millbrook-hotel.example", Mta.EXIM, 22, 2),
            small("northwind-freight.example", Mta.POSTFIX, 23, 2.5),
            small("oakridge-clinic.example", Mta.POSTFIX, 24, 1.5),
            small("pinecrest-realty.example", Mta.EXIM, 25, 1.5),
            small("quarry-lane-books.example", Mta.POSTFIX, 26, 1),
            small("riverside-music.example", Mta.POSTFIX, 27, 1),
            small("silverfin-marine.example", Mta.EXIM, 28, 1.5),
            small("thornbury-accounting.example", Mta.POSTFIX, 29, 2.5),
            small("upland-coffee.example", Mta.POSTFIX, 30, 1),
            small("valley-ceramics.example", Mta.EXIM, 31, 1),
            small("willowmere-spa.example", Mta.POSTFIX, 32, 1),
            UNREACHABLE);

    static final double[] WEIGHTS =
            ALL.stream().mapToDouble(Destination::weight).toArray();

    private static final String TLS_SUFFIX =
            ": TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) " + "key-exchange X25519 server-signature ";

    private final Rand rand;

    Destinations(Rand rand) {
        this.rand = rand;
    }

    private static Destination small(String domain, Mta mta, int ipOctet, double weight) {
        String mx = (ipOctet % 3 == 0 ? "mx1." : ipOctet % 3 == 1 ? "mail." : "mx.") + domain;
        return new Destination(domain, domain, mta, List.of(mx), List.of("198.51.100." + ipOctet), weight);
    }

    Relay relay(Destination d) {
        int i = rand.between(0, d.mxHosts().size() - 1);
        return new Relay(d.mxHosts().get(i), d.mxIps().get(Math.min(i, d.mxIps().size() - 1)));
    }

    /** The smtp client's TLS line for a connection, or null when the destination does not offer TLS. */
    String tlsLine(Destination d, Relay relay) {
        String signature = switch (d.mta()) {
            case GMAIL, WORKSPACE -> "ECDSA (P-256) server-digest SHA256";
            case OUTLOOK, M365, YAHOO -> "RSA-PSS (2048 bits) server-digest SHA256";
            case POSTFIX -> d.domain().length() % 2 == 0 ? "RSA-PSS (2048 bits) server-digest SHA256" : null;
            default -> null;
        };
        if (signature == null) {
            return null;
        }
        String trust = d.mta() == Mta.POSTFIX ? "Untrusted" : "Trusted";
        return trust + " TLS connection established to " + relay.field() + TLS_SUFFIX + signature;
    }

    Reply sent(Destination d, Relay relay, String messageId, int size) {
        return switch (d.mta()) {
            case GMAIL, WORKSPACE ->
                new Reply("2.0.0", "250 2.0.0 OK  " + rand.digits(10) + " " + googleToken() + " - gsmtp");
            case OUTLOOK, M365 ->
                new Reply(
                        "2.6.0",
                        "250 2.6.0 " + messageId + " [InternalId=" + rand.digits(14)
                                + ", Hostname=" + exchangeHost() + "] " + (size + rand.between(1500, 4000))
                                + " bytes in 0."
                                + rand.digits(3) + ", " + rand.between(40, 900) + "." + rand.digits(3)
                                + " KB/sec Queued mail for delivery -> 250 2.1.5");
            case YAHOO -> new Reply("2.0.0", "250 ok dirdel");
            case EXIM ->
                new Reply("2.0.0", "250 OK id=1v" + rand.alnum(4) + "-00" + rand.alnum(4) + "-" + rand.alnum(2));
            default ->
                new Reply(
                        "2.0.0",
                        "250 2.0.0 Ok: queued as " + rand.alnum(1).toUpperCase()
                                + rand.hex(9).toUpperCase());
        };
    }

    /** "No such mailbox" in the words of each provider; the DSN differs per provider, as in real logs. */
    Reply userUnknown(Destination d, Relay relay, String rcpt, long micros) {
        return switch (d.mta()) {
            case GMAIL, WORKSPACE ->
                new Reply(
                        "5.1.1",
                        relay.said(
                                "550-5.1.1 The email account that you tried to "
                                        + "reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for "
                                        + "typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  "
                                        + "https://support.google.com/mail/?p=NoSuchUser " + googleToken() + " - gsmtp",
                                "RCPT TO"));
            case OUTLOOK ->
                new Reply(
                        "5.5.0",
                        relay.said(
                                "550 5.5.0 Requested action not taken: mailbox unavailable " + "(S2017062302). ["
                                        + exchangeHost() + " " + utc(micros) + " "
                                        + rand.hex(16).toUpperCase() + "]",
                                "RCPT TO"));
            case M365 ->
                new Reply(
                        "5.1.10",
                        relay.said(
                                "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient " + rcpt
                                        + " not found by SMTP address lookup [" + exchangeHost() + " " + utc(micros)
                                        + " "
                                        + rand.hex(16).toUpperCase() + "]",
                                "RCPT TO"));
            case YAHOO ->
                new Reply(
                        "5.0.0",
                        relay.said(
                                "554 30 Sorry, your message to " + rcpt + " cannot be "
                                        + "delivered. This mailbox is disabled (554.30)",
                                "end of DATA"));
            case EXIM -> new Reply("5.1.1", relay.said("550 5.1.1 <" + rcpt + ">: Unrouteable address", "RCPT TO"));
            default ->
                new Reply(
                        "5.1.1",
                        relay.said(
                                "550 5.1.1 <" + rcpt + ">: Recipient address rejected: User "
                                        + "unknown in virtual mailbox table",
                                "RCPT TO"));
        };
    }

    Reply connectTimeout(Relay relay) {
        return new Reply("4.4.1", "connect to " + relay.field() + ": Connection timed out");
    }

    Reply greylisted(Destination d, Relay relay, String rcpt) {
        return new Reply(
                "4.2.0",
                relay.said(
                        "450 4.2.0 <" + rcpt + ">: Recipient address rejected: Greylisted, see "
                                + "http://postgrey.schweikert.ch/help/" + d.domain() + ".html",
                        "RCPT TO"));
    }

    Reply yahooThrottled(Relay relay) {
        return new Reply(
                "4.7.0",
                "host " + relay.host() + "[" + relay.ip() + "] refused to talk to me: 421 4.7.0 "
                        + "[TSS04] Messages from " + OUR_IP + " temporarily deferred due to unexpected volume or user "
                        + "complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes");
    }

    Reply yahooPolicy(Relay relay) {
        return new Reply(
                "5.7.9",
                relay.said(
                        "554 5.7.9 Message not accepted for policy reasons.  See "
                                + "https://postmaster.yahooinc.com/error-codes",
                        "end of DATA"));
    }

    Reply gmailUnauthenticated(Relay relay) {
        return new Reply(
                "5.7.26",
                relay.said(
                        "550-5.7.26 Your email has been blocked because the sender is "
                                + "unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. "
                                + "550-5.7.26  550-5.7.26  Authentication results: 550-5.7.26  DKIM = did not pass 550-5.7.26  SPF "
                                + "[example.com] with ip: [" + OUR_IP
                                + "] = did not pass 550-5.7.26  550-5.7.26  For instructions "
                                + "on setting up authentication, go to 550 5.7.26  "
                                + "https://support.google.com/mail/answer/81126#authentication " + googleToken()
                                + " - gsmtp",
                        "end of DATA"));
    }

    private String googleToken() {
        return rand.hex(13) + "-" + rand.hex(11) + "si" + rand.digits(7) + rand.pick(new String[] {"e9", "a7", "b3"})
                + "." + rand.between(1, 999);
    }

    private String exchangeHost() {
        return rand.pick(new String[] {"AM4PEPF", "DB5PEPF", "BN1PEPF", "SN1PEPF"})
                + rand.hex(8).toUpperCase() + "."
                + rand.pick(new String[] {"eurprd04", "eurprd05", "namprd03", "namprd11"}) + ".prod.outlook.com";
    }

    private static String utc(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
    }
}
