package io.postfixinsights.sample;

import io.postfixinsights.sample.Destinations.Destination;
import io.postfixinsights.sample.Destinations.Mta;
import io.postfixinsights.sample.Destinations.Relay;
import io.postfixinsights.sample.Destinations.Reply;
import io.postfixinsights.sample.RotatingLogWriter.LineEffect;
import io.postfixinsights.sample.TruthRecorder.Cluster;
import io.postfixinsights.sample.TruthRecorder.Field;
import io.postfixinsights.sample.TruthRecorder.Scope;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One generator run: plans each day's sessions in time order and schedules every line of every message's life
 * (including retries days later) on the {@link RotatingLogWriter}. All randomness comes from one seeded {@link Rand}
 * drawn in a fixed order, so a seed always gives the same bytes.
 */
final class Simulation {

    static final long SECOND = 1_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    static final String OUR_DOMAIN = "example.com";
    /** Postfix defaults: maximal_queue_lifetime 5d, minimal_backoff_time 300s, maximal_backoff_time 4000s. */
    private static final long QUEUE_LIFETIME = 5 * DAY;

    private static final long MIN_BACKOFF = 300 * SECOND;
    private static final long MAX_BACKOFF = 4000 * SECOND;
    /** No new sessions this close to the end, so every line of a normal delivery fits into the period. */
    private static final long ARRIVAL_CUTOFF = 20 * MINUTE;

    private static final String[] FIRST = {
        "anna", "ben", "clara", "david", "emma", "felix", "greta", "hugo", "ida", "jonas", "karla", "leon", "mia",
        "noah", "olivia", "paul", "rosa", "samuel", "tara", "victor", "wanda", "yusuf", "zoe", "lars", "nina", "omar",
        "petra", "ruth"
    };
    private static final String[] LAST = {
        "schmidt",
        "meyer",
        "novak",
        "jensen",
        "garcia",
        "rossi",
        "dubois",
        "kowalski",
        "lindqvist",
        "okafor",
        "tanaka",
        "murphy",
        "weber",
        "silva",
        "haas",
        "berg",
        "fischer",
        "moreau",
        "costa",
        "nilsen"
    };
    private static final String[] ROLES = {
        "info", "office", "sales", "billing", "support", "accounts", "hello", "bookings", "orders"
    };
    private static final String[] SPAM_DOMAINS = {
        "cheap-meds.test",
        "win-prizes.test",
        "crypto-yield.test",
        "parcel-notice.test",
        "invoice-portal.test",
        "seo-ranking.test"
    };
    /** Hours 0..23, relative weight of mail traffic in an office's day. */
    private static final double[] HOUR_WEIGHTS = {
        0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 5, 5, 4.5, 3, 4, 4.5, 4, 3.5, 2.5, 1.5, 1, 0.8, 0.6, 0.4, 0.3
    };

    private static final String TLS_IN = ": TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange "
            + "X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256";

    private final SampleLogGenerator.Settings settings;
    private final Rand rand;
    private final RotatingLogWriter writer;
    private final TruthRecorder truth;
    private final Destinations destinations;
    private final QueueIds queueIds;
    private final List<Host> hosts = new ArrayList<>();
    private final List<String> users = new ArrayList<>();
    private final long startMicros;
    private final long endMicros;
    private final Cluster yahooThrottling;
    private final Cluster googlePolicy;
    private final Cluster listHygiene;
    private int nextPid;

    Simulation(SampleLogGenerator.Settings settings, RotatingLogWriter writer, TruthRecorder truth, Rand rand) {
        this.settings = settings;
        this.rand = rand;
        this.writer = writer;
        this.truth = truth;
        this.destinations = new Destinations(rand);
        this.queueIds = new QueueIds();
        this.startMicros = micros(settings.startDate(), LocalTime.MIDNIGHT);
        this.endMicros = micros(settings.startDate().plusDays(settings.days()), LocalTime.MIDNIGHT);
        nextPid = rand.between(2000, 9000);
        for (String name : settings.hosts()) {
            hosts.add(new Host(name + "." + OUR_DOMAIN));
        }
        for (int i = 0; i < 30; i++) {
            String user = FIRST[i % FIRST.length] + "." + LAST[(i * 7) % LAST.length] + "@" + OUR_DOMAIN;
            users.add(user);
        }
        // The seeded situations sit in the last two weeks (or as late as a short run allows).
        int days = settings.days();
        LocalDate throttleDay = settings.startDate().plusDays(Math.max(0, days - 10));
        LocalDate policyDay = settings.startDate().plusDays(Math.max(0, days - 7));
        LocalDate listDay = settings.startDate().plusDays(Math.max(0, days - 4));
        yahooThrottling = truth.addCluster(new Cluster(
                "yahoo-throttling",
                Destinations.YAHOO.domain(),
                "Yahoo",
                micros(throttleDay, LocalTime.of(9, 30)),
                micros(throttleDay, LocalTime.of(13, 30)),
                "throttling",
                "4.7.0"));
        googlePolicy = truth.addCluster(new Cluster(
                "gmail-unauthenticated",
                Destinations.GMAIL.domain(),
                "Google",
                micros(policyDay, LocalTime.of(10, 0)),
                micros(policyDay, LocalTime.of(15, 0)),
                "authentication",
                "5.7.26"));
        listHygiene = truth.addCluster(new Cluster(
                "rowing-club-user-unknown",
                Destinations.ROWING_CLUB.domain(),
                Destinations.ROWING_CLUB.provider(),
                micros(listDay, LocalTime.of(14, 0)),
                micros(listDay, LocalTime.of(14, 40)),
                "list-hygiene",
                "5.1.1"));
    }

    long endMicros() {
        return endMicros;
    }

    long micros(LocalDate date, LocalTime time) {
        Instant instant = date.atTime(time).atZone(settings.zone()).toInstant();
        return instant.getEpochSecond() * SECOND + instant.getNano() / 1000;
    }

    // ---------------------------------------------------------------- the day plan

    private enum Kind {
        SUBMISSION,
        PICKUP,
        INBOUND,
        CRON,
        REJECT,
        NOISE,
        YAHOO_BURST,
        LIST_BATCH,
        UNREACHABLE
    }

    private record Session(long micros, int order, Kind kind) {}

    void run() {
        int order = 0;
        for (int day = 0; day < settings.days(); day++) {
            LocalDate date = settings.startDate().plusDays(day);
            long midnight = micros(date, LocalTime.MIDNIGHT);
            List<Session> sessions = new ArrayList<>();
            boolean weekend = date.getDayOfWeek().getValue() >= 6;
            int messages = (int) Math.round(settings.messagesPerDay() * (weekend ? 0.5 : 1.2) * rand.uniform(0.9, 1.1));
            for (int i = 0; i < messages; i++) {
                Kind kind = switch (rand.weighted(new double[] {46, 12, 42})) {
                    case 0 -> Kind.SUBMISSION;
                    case 1 -> Kind.PICKUP;
                    default -> Kind.INBOUND;
                };
                sessions.add(new Session(officeTime(midnight), order++, kind));
            }
            int rejects = (int) Math.round(settings.messagesPerDay() * 0.12 * rand.uniform(0.8, 1.2));
            for (int i = 0; i < rejects; i++) {
                sessions.add(new Session(midnight + rand.between(0L, DAY - 1), order++, Kind.REJECT));
            }
            int noise = (int) Math.round(settings.messagesPerDay() * 0.2 * rand.uniform(0.8, 1.2));
            for (int i = 0; i < noise; i++) {
                sessions.add(new Session(midnight + rand.between(0L, DAY - 1), order++, Kind.NOISE));
            }
            sessions.add(
                    new Session(micros(date, LocalTime.of(6, 25, 1)) + rand.between(0L, SECOND), order++, Kind.CRON));
            if (yahooThrottling.covers(midnight + 10 * HOUR)) {
                // A newsletter run into Yahoo's throttling: the volume spike that trips it.
                for (int i = 0; i < 40; i++) {
                    sessions.add(new Session(
                            yahooThrottling.startMicros + rand.between(0L, 45 * MINUTE), order++, Kind.YAHOO_BURST));
                }
            }
            if (listHygiene.covers(midnight + 14 * HOUR + MINUTE)) {
                // An old member list mailed in one batch: most addresses are gone.
                for (int i = 0; i < 16; i++) {
                    sessions.add(new Session(
                            listHygiene.startMicros + rand.between(0L, 30 * MINUTE), order++, Kind.LIST_BATCH));
                }
            }
            if (day % 6 == 2) {
                sessions.add(new Session(officeTime(midnight), order++, Kind.UNREACHABLE));
            }
            if (day == settings.days() - 1) {
                // Messages still in the queue when the newest file ends.
                sessions.add(new Session(micros(date, LocalTime.of(15, 12, 7)), order++, Kind.UNREACHABLE));
                sessions.add(new Session(micros(date, LocalTime.of(20, 41, 33)), order++, Kind.UNREACHABLE));
            }
            sessions.sort(Comparator.comparingLong(Session::micros).thenComparingInt(Session::order));
            for (Session s : sessions) {
                if (s.micros >= endMicros - ARRIVAL_CUTOFF) {
                    continue;
                }
                writer.flushBefore(s.micros);
                queueIds.forgetBefore(s.micros - HOUR);
                play(s);
            }
        }
    }

    /** A time of day weighted like office traffic (counted from midnight, so a DST day just shifts by an hour). */
    private long officeTime(long midnight) {
        return midnight + rand.weighted(HOUR_WEIGHTS) * HOUR + rand.between(0L, HOUR - 1);
    }

    private void play(Session s) {
        Host h = hosts.get(rand.between(0, hosts.size() - 1));
        switch (s.kind) {
            case SUBMISSION -> submission(h, s.micros, rand.pick(users), randomRecipients(), "PLAIN");
            case PICKUP -> pickup(h, s.micros, "33", "noreply@" + OUR_DOMAIN, randomRecipients());
            case INBOUND -> inbound(h, s.micros);
            case CRON -> cron(h, s.micros);
            case REJECT -> reject(h, s.micros);
            case NOISE -> noise(h, s.micros);
            case YAHOO_BURST ->
                pickup(
                        h,
                        s.micros,
                        "33",
                        "newsletter@" + OUR_DOMAIN,
                        List.of(new Rcpt(externalAddress(Destinations.YAHOO), Destinations.YAHOO, Fate.NORMAL)));
            case LIST_BATCH -> {
                List<Rcpt> rcpts = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Fate fate = rand.chance(0.75) ? Fate.LIST_UNKNOWN : Fate.NORMAL;
                    rcpts.add(new Rcpt(uniqueListAddress(), Destinations.ROWING_CLUB, fate));
                }
                submission(h, s.micros, "events@" + OUR_DOMAIN, rcpts, "LOGIN");
            }
            case UNREACHABLE ->
                submission(
                        h,
                        s.micros,
                        rand.pick(users),
                        List.of(new Rcpt(
                                externalAddress(Destinations.UNREACHABLE), Destinations.UNREACHABLE, Fate.NORMAL)),
                        "PLAIN");
            default -> throw new IllegalStateException(s.kind.toString());
        }
    }

    // ---------------------------------------------------------------- recipients

    private enum Fate {
        NORMAL,
        USER_UNKNOWN,
        TIMEOUTS,
        GREYLIST,
        LIST_UNKNOWN
    }

    /** One recipient of one queued message, with what the plan has in store for it. */
    private static final class Rcpt {
        final String address;
        final Destination dest;
        final Fate fate;
        int transientLeft;
        boolean throttled;
        boolean deferredWritten;
        LocalDate lastDeferralDay;

        Rcpt(String address, Destination dest, Fate fate) {
            this.address = address;
            this.dest = dest;
            this.fate = fate;
        }
    }

    private final List<String> listAddressesUsed = new ArrayList<>();

    private String uniqueListAddress() {
        while (true) {
            String a = rand.pick(FIRST) + "." + rand.pick(LAST) + rand.between(1, 99) + "@"
                    + Destinations.ROWING_CLUB.domain();
            if (!listAddressesUsed.contains(a)) {
                listAddressesUsed.add(a);
                return a;
            }
        }
    }

    private String externalAddress(Destination d) {
        String local = switch (rand.between(0, 3)) {
            case 0 -> rand.pick(FIRST) + "." + rand.pick(LAST);
            case 1 -> rand.pick(FIRST).charAt(0) + rand.pick(LAST);
            case 2 -> rand.pick(ROLES);
            default -> rand.pick(FIRST) + rand.pick(LAST) + rand.between(1, 99);
        };
        return local + "@" + d.domain();
    }

    private List<Rcpt> randomRecipients() {
        int n = rand.weighted(new double[] {0, 80, 13, 5, 2});
        List<Rcpt> rcpts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Destination d = Destinations.ALL.get(rand.weighted(Destinations.WEIGHTS));
            Fate fate = Fate.NORMAL;
            double x = rand.uniform(0, 1);
            // Background churn: rare, on every domain in proportion to its traffic, never concentrated.
            if (x < 0.008) {
                fate = Fate.USER_UNKNOWN;
            } else if (x < 0.016 && (d.mta() == Mta.POSTFIX || d.mta() == Mta.EXIM)) {
                fate = Fate.TIMEOUTS;
            } else if (x < 0.08 && d.mta() == Mta.POSTFIX && d.domain().length() % 3 == 0) {
                fate = Fate.GREYLIST;
            }
            Rcpt r = new Rcpt(externalAddress(d), d, fate);
            r.transientLeft = fate == Fate.TIMEOUTS ? rand.between(1, 3) : fate == Fate.GREYLIST ? 1 : 0;
            rcpts.add(r);
        }
        return rcpts;
    }

    // ---------------------------------------------------------------- outbound

    /** One queued message. */
    private static final class Msg {
        final Host host;
        final String qid;
        final long arrival;
        final String from;
        final int size;
        final List<Rcpt> rcpts;

        Msg(Host host, String qid, long arrival, String from, int size, List<Rcpt> rcpts) {
            this.host = host;
            this.qid = qid;
            this.arrival = arrival;
            this.from = from;
            this.size = size;
            this.rcpts = rcpts;
        }

        String qmgrActive() {
            return qid + ": from=<" + from + ">, size=" + size + ", nrcpt=" + rcpts.size() + " (queue active)";
        }
    }

    private void submission(Host h, long t, String user, List<Rcpt> rcpts, String saslMethod) {
        String daemon = "postfix/submission/smtpd[" + newPid() + "]: ";
        String client = "unknown[192.0.2." + (10 + Math.floorMod(user.hashCode(), 200)) + "]";
        line(t, h, daemon + "connect from " + client);
        t += ms(40, 150);
        line(t, h, daemon + "Anonymous TLS connection established from " + client + TLS_IN);
        t += ms(150, 900);
        String qid = queueIds.allocate(t);
        line(
                t,
                h,
                daemon + qid + ": client=" + client + ", sasl_method=" + saslMethod + ", sasl_username=" + user,
                day -> truth.add(day, Field.USER_MESSAGES));
        t += ms(2, 12);
        String messageId = "<" + rand.hex(8) + "-" + rand.hex(4) + "-4" + rand.hex(3) + "-" + rand.hex(4) + "-"
                + rand.hex(12) + "@" + OUR_DOMAIN + ">";
        line(t, h, "postfix/cleanup[" + h.cleanup.pid() + "]: " + qid + ": message-id=" + messageId);
        Msg m = new Msg(h, qid, t, user, messageSize(), rcpts);
        t += ms(5, 40);
        line(t, h, "postfix/qmgr[" + h.qmgrPid + "]: " + m.qmgrActive());
        line(
                t + ms(5, 60),
                h,
                daemon + "disconnect from " + client + " ehlo=2 starttls=1 auth=1 mail=1 rcpt=" + rcpts.size()
                        + " data=1 quit=1 commands=" + (7 + rcpts.size()));
        deliverRemote(m, t + ms(10, 300), messageId);
    }

    private void pickup(Host h, long t, String uid, String from, List<Rcpt> rcpts) {
        String qid = queueIds.allocate(t);
        line(
                t,
                h,
                "postfix/pickup[" + h.pickupPid + "]: " + qid + ": uid=" + uid + " from=<" + from + ">",
                day -> truth.add(day, Field.USER_MESSAGES));
        t += ms(2, 12);
        String messageId = "<" + rand.hex(32) + "@" + OUR_DOMAIN + ">";
        line(t, h, "postfix/cleanup[" + h.cleanup.pid() + "]: " + qid + ": message-id=" + messageId);
        Msg m = new Msg(h, qid, t, from, messageSize(), rcpts);
        t += ms(5, 40);
        line(t, h, "postfix/qmgr[" + h.qmgrPid + "]: " + m.qmgrActive());
        deliverRemote(m, t + ms(10, 300), messageId);
    }

    /** The retry loop of one outbound message: every pending recipient is tried on each pass. */
    private void deliverRemote(Msg m, long t, String messageId) {
        Host h = m.host;
        List<Rcpt> pending = new ArrayList<>(m.rcpts);
        while (true) {
            String daemon = "postfix/smtp[" + h.smtp.pid() + "]: ";
            List<Rcpt> bounced = new ArrayList<>();
            long clock = t;
            for (Rcpt r : List.copyOf(pending)) {
                clock = attempt(m, r, clock, daemon, messageId, bounced, pending);
            }
            long after = clock + ms(1, 5);
            if (!bounced.isEmpty()) {
                nonDeliveryNotification(h, after, m, bounced.size());
            }
            if (pending.isEmpty()) {
                removed(h, after + ms(3, 6), m.qid);
                return;
            }
            if (clock - m.arrival >= QUEUE_LIFETIME) {
                List<Rcpt> expired = List.copyOf(pending);
                line(
                        after,
                        h,
                        "postfix/qmgr[" + h.qmgrPid + "]: " + m.qid + ": from=<" + m.from
                                + ">, status=expired, returned to sender",
                        new LineEffect() {
                            @Override
                            public void written(LocalDate day) {
                                for (Rcpt r : expired) {
                                    truth.status(day, Scope.USER, "expired", r.dest.domain());
                                }
                            }

                            @Override
                            public void dropped() {
                                expired.forEach(Simulation.this::stillQueued);
                            }
                        });
                nonDeliveryNotification(h, after + ms(1, 3), m, expired.size());
                removed(h, after + ms(8, 12), m.qid);
                return;
            }
            long backoff = Math.max(MIN_BACKOFF, Math.min(MAX_BACKOFF, clock - m.arrival));
            t = clock + backoff + rand.between(0L, 300 * SECOND);
            line(t, h, "postfix/qmgr[" + h.qmgrPid + "]: " + m.qmgrActive());
            t += ms(10, 200);
        }
    }

    /** One delivery attempt for one recipient; returns the time the attempt ended. */
    private long attempt(
            Msg m, Rcpt r, long start, String daemon, String messageId, List<Rcpt> bounced, List<Rcpt> pending) {
        Destination d = r.dest;
        Relay relay = destinations.relay(d);
        double connect = rand.uniform(0.08, 0.9);
        double transfer = rand.uniform(0.05, 1.6);
        boolean tls = true;
        String relayField = relay.field();
        Reply reply;
        String status;
        Cluster cluster = null;
        boolean churn = false;
        if (d.mta() == Mta.UNREACHABLE || (r.fate == Fate.TIMEOUTS && r.transientLeft > 0)) {
            r.transientLeft--;
            connect = 30;
            transfer = 0;
            tls = false;
            relayField = "none";
            reply = destinations.connectTimeout(relay);
            status = "deferred";
            churn = r.fate == Fate.TIMEOUTS;
        } else if (d == Destinations.YAHOO && yahooThrottling.covers(start)) {
            r.throttled = true;
            transfer = 0;
            tls = false;
            reply = destinations.yahooThrottled(relay);
            status = "deferred";
            cluster = yahooThrottling;
        } else if (d == Destinations.YAHOO && r.throttled && rand.chance(0.08)) {
            reply = destinations.yahooPolicy(relay);
            status = "bounced";
        } else if (d == Destinations.GMAIL && googlePolicy.covers(start)) {
            reply = destinations.gmailUnauthenticated(relay);
            status = "bounced";
            cluster = googlePolicy;
        } else if (r.fate == Fate.GREYLIST && r.transientLeft > 0) {
            r.transientLeft--;
            transfer = rand.uniform(0.02, 0.1);
            reply = destinations.greylisted(d, relay, r.address);
            status = "deferred";
        } else if (r.fate == Fate.USER_UNKNOWN || r.fate == Fate.LIST_UNKNOWN) {
            transfer = rand.uniform(0.02, 0.2);
            reply = destinations.userUnknown(d, relay, r.address, start);
            status = "bounced";
            churn = r.fate == Fate.USER_UNKNOWN;
            cluster = r.fate == Fate.LIST_UNKNOWN ? listHygiene : null;
        } else {
            reply = destinations.sent(d, relay, messageId, m.size);
            status = "sent";
        }
        long connected = start + (long) (connect * SECOND);
        String tlsLine = tls ? destinations.tlsLine(d, relay) : null;
        if (tlsLine != null) {
            line(connected, m.host, daemon + tlsLine);
        }
        long end = connected + (long) (transfer * SECOND) + ms(1, 5);
        double qmgrWait = rand.uniform(0.0, 0.03);
        double total = (end - m.arrival) / (double) SECOND;
        double beforeQmgr = Math.max(0, total - qmgrWait - connect - transfer);
        String text = daemon + m.qid + ": to=<" + r.address + ">, relay=" + relayField + ", delay=" + seconds(total)
                + ", delays=" + seconds(beforeQmgr) + "/" + seconds(qmgrWait) + "/" + seconds(connect) + "/"
                + seconds(transfer) + ", dsn=" + reply.dsn() + ", status=" + status + " (" + reply.text() + ")";
        line(end, m.host, text, statusEffect(Scope.USER, status, r, cluster, end, churn));
        if (!status.equals("deferred")) {
            pending.remove(r);
            if (status.equals("bounced")) {
                bounced.add(r);
            }
        }
        return end + ms(1, 30);
    }

    private LineEffect statusEffect(Scope scope, String status, Rcpt r, Cluster cluster, long micros, boolean churn) {
        String domain = r.dest.domain();
        return new LineEffect() {
            @Override
            public void written(LocalDate day) {
                truth.status(day, scope, status, domain);
                if (status.equals("deferred")) {
                    r.deferredWritten = true;
                    r.lastDeferralDay = day;
                }
                if (cluster != null && cluster.covers(micros)) {
                    cluster.count++;
                }
                if (churn) {
                    truth.churn(day, domain, status.equals("bounced"));
                }
            }

            @Override
            public void dropped() {
                if (scope == Scope.USER && !status.equals("deferred")) {
                    stillQueued(r);
                }
            }
        };
    }

    private void stillQueued(Rcpt r) {
        if (r.deferredWritten) {
            truth.stillQueued(r.lastDeferralDay, r.dest.domain());
        }
    }

    /** The bounce daemon's NDR to our own sender, and that NDR's own short life. */
    private void nonDeliveryNotification(Host h, long t, Msg original, int recipients) {
        String ndr = queueIds.allocate(t);
        String stamp = LocalDateTime.ofInstant(Instant.ofEpochSecond(t / SECOND), settings.zone())
                .format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT));
        line(
                t,
                h,
                "postfix/cleanup[" + h.cleanup.pid() + "]: " + ndr + ": message-id=<" + stamp + "." + ndr + "@" + h.fqdn
                        + ">");
        line(
                t + ms(1, 2),
                h,
                "postfix/bounce[" + h.bounce.pid() + "]: " + original.qid + ": sender non-delivery notification: "
                        + ndr,
                day -> truth.add(day, Field.NDRS));
        long q = t + ms(6, 9);
        Msg m = new Msg(h, ndr, t, "", 2400 + original.size / 10 + 600 * recipients, List.of());
        line(
                q,
                h,
                "postfix/qmgr[" + h.qmgrPid + "]: " + ndr + ": from=<>, size=" + m.size + ", nrcpt=1 (queue active)");
        localDelivery(h, m, q + ms(20, 120), original.from, Scope.NDR);
    }

    private void removed(Host h, long t, String qid) {
        line(t, h, "postfix/qmgr[" + h.qmgrPid + "]: " + qid + ": removed", day -> truth.add(day, Field.REMOVED));
        queueIds.release(qid, t);
    }

    /** Delivery into a mailbox of our own domain through Dovecot's LMTP, then removal. */
    private void localDelivery(Host h, Msg m, long t, String rcpt, Scope scope) {
        double transfer = rand.uniform(0.01, 0.12);
        double total = (t - m.arrival) / (double) SECOND;
        String text = "postfix/lmtp[" + h.lmtp.pid() + "]: " + m.qid + ": to=<" + rcpt + ">, relay=" + h.fqdn
                + "[private/dovecot-lmtp], delay=" + seconds(total) + ", delays="
                + seconds(Math.max(0, total - transfer - 0.01)) + "/0.01/0/" + seconds(transfer)
                + ", dsn=2.0.0, status=sent (250 2.0.0 <" + rcpt + "> "
                + rand.alnum(22) + " Saved)";
        line(t, h, text, day -> truth.status(day, scope, "sent", OUR_DOMAIN));
        removed(h, t + ms(1, 4), m.qid);
    }

    // ---------------------------------------------------------------- inbound

    private void inbound(Host h, long t) {
        Destination senderDomain = Destinations.ALL.get(rand.weighted(Destinations.WEIGHTS));
        if (senderDomain.mta() == Mta.UNREACHABLE) {
            senderDomain = Destinations.GMAIL;
        }
        String sender = externalAddress(senderDomain);
        String[] client = sendingClient(senderDomain);
        String rcpt = rand.pick(users);
        int port = rand.between(32768, 60999);
        String screen = "postfix/postscreen[" + h.postscreenPid + "]: ";
        line(t, h, screen + "CONNECT from [" + client[1] + "]:" + port + " to [" + Destinations.OUR_IP + "]:25");
        t += ms(1, 120);
        line(t, h, screen + "PASS OLD [" + client[1] + "]:" + port);
        String smtpd = "postfix/smtpd[" + newPid() + "]: ";
        String peer = client[0] + "[" + client[1] + "]";
        t += ms(1, 5);
        line(t, h, smtpd + "connect from " + peer);
        t += ms(30, 120);
        line(t, h, smtpd + "Anonymous TLS connection established from " + peer + TLS_IN);
        t += ms(100, 700);
        String qid = queueIds.allocate(t);
        line(t, h, smtpd + qid + ": client=" + peer, day -> truth.add(day, Field.USER_MESSAGES));
        t += ms(2, 12);
        String messageId = inboundMessageId(senderDomain);
        line(t, h, "postfix/cleanup[" + h.cleanup.pid() + "]: " + qid + ": message-id=" + messageId);
        Rcpt r = new Rcpt(rcpt, null, Fate.NORMAL);
        Msg m = new Msg(h, qid, t, sender, messageSize(), List.of(r));
        t += ms(5, 40);
        line(t, h, "postfix/qmgr[" + h.qmgrPid + "]: " + m.qmgrActive());
        line(
                t + ms(5, 60),
                h,
                smtpd + "disconnect from " + peer + " ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7");
        contentFilter(m, t + ms(10, 200), client[1], port, messageId, rcpt);
    }

    /** amavis checks the message and either discards it as spam or re-injects it on 127.0.0.1:10025. */
    private void contentFilter(Msg m, long t, String clientIp, int port, String messageId, String rcpt) {
        Host h = m.host;
        int amavisPid = h.amavis.pid();
        String child = "(" + String.format(Locale.ROOT, "%05d", amavisPid) + "-" + (h.amavisChild++ % 40 + 1) + ")";
        int scanMillis = rand.between(300, 4000);
        long done = t + scanMillis * 1000L;
        String head = "amavis[" + amavisPid + "]: " + child;
        String what = ", [" + clientIp + "]:" + port + " [" + clientIp + "] <" + m.from + "> -> <" + rcpt
                + ">, Queue-ID: " + m.qid + ", Message-ID: " + messageId + ", mail_id: " + rand.alnum(12);
        Reply reply;
        if (rand.chance(0.03)) {
            line(
                    done,
                    h,
                    head + " Blocked SPAM {DiscardedInbound}" + what + ", Hits: " + rand.between(7, 25) + "."
                            + rand.between(100, 999) + ", size: " + m.size + ", " + scanMillis + " ms");
            reply = new Reply(
                    "2.7.0", "250 2.7.0 Ok, discarded, id=" + child.substring(1, child.length() - 1) + " - spam");
        } else {
            String smtpd = "postfix/smtpd[" + newPid() + "]: ";
            long r = done - ms(12, 15);
            String copy = queueIds.allocate(r + 2000);
            line(r, h, smtpd + "connect from localhost[127.0.0.1]");
            line(r + 2000, h, smtpd + copy + ": client=localhost[127.0.0.1]", day -> truth.add(day, Field.REINJECTED));
            line(r + 4000, h, "postfix/cleanup[" + h.cleanup.pid() + "]: " + copy + ": message-id=" + messageId);
            Msg reinjected = new Msg(h, copy, r + 4000, m.from, m.size + rand.between(900, 1800), m.rcpts);
            line(r + 7000, h, "postfix/qmgr[" + h.qmgrPid + "]: " + reinjected.qmgrActive());
            line(
                    r + 9000,
                    h,
                    smtpd + "disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 " + "commands=5");
            line(
                    done,
                    h,
                    head + " Passed CLEAN {RelayedInbound}" + what + ", Hits: -" + rand.between(0, 3) + "."
                            + rand.between(100, 999) + ", size: " + m.size + ", queued_as: " + copy + ", " + scanMillis
                            + " ms");
            reply = new Reply("2.0.0", "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as " + copy);
            localDelivery(h, reinjected, done + ms(30, 150), rcpt, Scope.REINJECTED);
        }
        long end = done + ms(1, 6);
        double total = (end - m.arrival) / (double) SECOND;
        double filter = scanMillis / 1000.0;
        line(
                end,
                h,
                "postfix/smtp[" + h.smtp.pid() + "]: " + m.qid + ": to=<" + rcpt
                        + ">, relay=127.0.0.1[127.0.0.1]:10024, delay=" + seconds(total) + ", delays="
                        + seconds(Math.max(0, total - filter - 0.02)) + "/0.01/0.01/" + seconds(filter) + ", dsn="
                        + reply.dsn() + ", status=sent (" + reply.text() + ")",
                day -> truth.status(day, Scope.USER, "sent", OUR_DOMAIN));
        removed(h, end + ms(1, 3), m.qid);
    }

    private String[] sendingClient(Destination d) {
        int n = rand.between(10, 250);
        return switch (d.mta()) {
            case GMAIL, WORKSPACE ->
                new String[] {
                    "mail-" + rand.pick(new String[] {"wr1", "wm1", "ej1", "lf1", "pl1"}) + "-f" + n + ".google.com",
                    "209.85." + rand.pick(new String[] {"128", "208", "221", "167"}) + "." + n
                };
            case OUTLOOK, M365 ->
                new String[] {
                    "mail-" + rand.pick(new String[] {"am6eur05", "db8eur05", "dm6nam11", "bn1nam02"}) + "on2"
                            + rand.digits(3) + ".outbound.protection.outlook.com",
                    "40.107." + rand.between(1, 250) + "." + n
                };
            case YAHOO ->
                new String[] {
                    "sonic" + rand.between(301, 320) + "-" + rand.between(1, 60) + ".consmr.mail.ne1.yahoo.com",
                    "66.163.191." + n
                };
            default -> new String[] {d.mxHosts().get(0), d.mxIps().get(0)};
        };
    }

    private String inboundMessageId(Destination d) {
        return switch (d.mta()) {
            case GMAIL -> "<CA" + rand.alnum(44) + "@mail.gmail.com>";
            case OUTLOOK, M365 ->
                "<" + rand.pick(new String[] {"AM9PR04MB", "DB9PR10MB", "BN8PR11MB"}) + rand.digits(4)
                        + rand.alnum(10).toUpperCase() + "@prod.outlook.com>";
            default -> "<" + rand.digits(14) + "." + rand.hex(10) + "@" + d.domain() + ">";
        };
    }

    // ---------------------------------------------------------------- cron mail, rejects, noise

    private void cron(Host h, long t) {
        String qid = queueIds.allocate(t);
        line(
                t,
                h,
                "postfix/pickup[" + h.pickupPid + "]: " + qid + ": uid=0 from=<root>",
                day -> truth.add(day, Field.USER_MESSAGES));
        t += ms(2, 10);
        line(
                t,
                h,
                "postfix/cleanup[" + h.cleanup.pid() + "]: " + qid + ": message-id=<"
                        + LocalDateTime.ofInstant(Instant.ofEpochSecond(t / SECOND), settings.zone())
                                .format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT))
                        + "." + qid + "@" + h.fqdn + ">");
        Msg m = new Msg(h, qid, t, "root@" + h.fqdn, rand.between(900, 6000), List.of());
        t += ms(5, 30);
        line(
                t,
                h,
                "postfix/qmgr[" + h.qmgrPid + "]: " + qid + ": from=<" + m.from + ">, size=" + m.size
                        + ", nrcpt=1 (queue active)");
        t += ms(10, 60);
        double total = (t - m.arrival) / (double) SECOND;
        line(
                t,
                h,
                "postfix/local[" + newPid() + "]: " + qid + ": to=<root@" + h.fqdn + ">, orig_to=<root>, "
                        + "relay=local, delay=" + seconds(total) + ", delays=" + seconds(total) + "/0/0/0, dsn=2.0.0, "
                        + "status=sent (delivered to mailbox)",
                day -> truth.status(day, Scope.USER, "sent", h.fqdn));
        removed(h, t + ms(1, 3), qid);
    }

    private static final String[] REJECT_KINDS = {"rbl", "relay_denied", "unknown_user", "bad_helo", "sender_domain"};

    private void reject(Host h, long t) {
        String kind = REJECT_KINDS[rand.weighted(new double[] {50, 10, 20, 10, 10})];
        String ip = rand.chance(0.5) ? "203.0.113." + rand.between(30, 250) : "198.51.100." + rand.between(120, 199);
        int port = rand.between(1024, 65000);
        String spamDomain = rand.pick(SPAM_DOMAINS);
        String from = rand.pick(new String[] {"info", "promo", "service", "noreply", "admin"}) + "@" + spamDomain;
        String helo = kind.equals("bad_helo")
                ? rand.pick(new String[] {"User", "localhost", "DESKTOP-7Q2LK9"})
                : "mail." + spamDomain;
        String to = rand.pick(users);
        String screen = "postfix/postscreen[" + h.postscreenPid + "]: ";
        line(t, h, screen + "CONNECT from [" + ip + "]:" + port + " to [" + Destinations.OUR_IP + "]:25");
        if (kind.equals("rbl") && rand.chance(0.3)) {
            // postscreen's own reject (dnsbl_action = enforce), with its comma-separated tail.
            line(
                    t + ms(50, 150),
                    h,
                    "postfix/dnsblog[" + newPid() + "]: addr " + ip + " listed by domain zen.spamhaus.org as 127.0.0."
                            + rand.pick(new String[] {"2", "3", "4"}));
            line(t + ms(200, 400), h, screen + "DNSBL rank 3 for [" + ip + "]:" + port);
            line(
                    t + ms(2000, 6000),
                    h,
                    screen + "NOQUEUE: reject: RCPT from [" + ip + "]:" + port
                            + ": 550 5.7.1 Service unavailable; client [" + ip
                            + "] blocked using zen.spamhaus.org; from=<"
                            + from + ">, to=<" + to + ">, proto=ESMTP, helo=<" + helo + ">",
                    day -> truth.reject(day, kind));
            line(t + ms(6100, 7000), h, screen + "DISCONNECT [" + ip + "]:" + port);
            return;
        }
        t += ms(1, 200);
        line(t, h, screen + "PASS NEW [" + ip + "]:" + port);
        String smtpd = "postfix/smtpd[" + newPid() + "]: ";
        String peer = "unknown[" + ip + "]";
        t += ms(1, 5);
        line(t, h, smtpd + "connect from " + peer);
        String code = switch (kind) {
            case "rbl" ->
                "554 5.7.1 Service unavailable; Client host [" + ip + "] blocked using zen.spamhaus.org; "
                        + "https://www.spamhaus.org/query/ip/" + ip;
            case "relay_denied" -> {
                to = externalAddress(Destinations.ALL.get(rand.weighted(Destinations.WEIGHTS)));
                yield "554 5.7.1 <" + to + ">: Relay access denied";
            }
            case "unknown_user" -> {
                to = rand.pick(FIRST) + rand.between(1, 999) + "@" + OUR_DOMAIN;
                yield "550 5.1.1 <" + to + ">: Recipient address rejected: User unknown in virtual mailbox table";
            }
            case "bad_helo" -> "504 5.5.2 <" + helo + ">: Helo command rejected: need fully-qualified hostname";
            default -> {
                from = "info@" + rand.alnum(8).toLowerCase(Locale.ROOT) + ".invalid";
                yield "450 4.1.8 <" + from + ">: Sender address rejected: Domain not found";
            }
        };
        t += ms(200, 2500);
        line(
                t,
                h,
                smtpd + "NOQUEUE: reject: RCPT from " + peer + ": " + code + "; from=<" + from + "> to=<" + to
                        + "> proto=ESMTP helo=<" + helo + ">",
                day -> truth.reject(day, kind));
        t += ms(5, 300);
        if (rand.chance(0.4)) {
            line(t, h, smtpd + "lost connection after RCPT from " + peer);
            line(t + ms(1, 2), h, smtpd + "disconnect from " + peer + " ehlo=1 mail=1 rcpt=0/1 commands=2/3");
        } else {
            line(t, h, smtpd + "disconnect from " + peer + " ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4");
        }
    }

    private void noise(Host h, long t) {
        String ip = "203.0.113." + rand.between(30, 250);
        int port = rand.between(1024, 65000);
        String screen = "postfix/postscreen[" + h.postscreenPid + "]: ";
        switch (rand.weighted(new double[] {45, 35, 20})) {
            case 0 -> {
                line(t, h, screen + "CONNECT from [" + ip + "]:" + port + " to [" + Destinations.OUR_IP + "]:25");
                line(
                        t + ms(100, 130),
                        h,
                        "postfix/dnsblog[" + newPid() + "]: addr " + ip
                                + " listed by domain zen.spamhaus.org as 127.0.0.4");
                line(
                        t + ms(200, 260),
                        h,
                        screen + "PREGREET 11 after 0." + rand.between(10, 99) + " from [" + ip + "]:" + port
                                + ": EHLO User\\r\\n");
                line(t + ms(261, 300), h, screen + "DNSBL rank 3 for [" + ip + "]:" + port);
                line(t + ms(600, 900), h, screen + "DISCONNECT [" + ip + "]:" + port);
            }
            case 1 -> {
                line(t, h, screen + "CONNECT from [" + ip + "]:" + port + " to [" + Destinations.OUR_IP + "]:25");
                line(t + ms(50, 150), h, screen + "PASS NEW [" + ip + "]:" + port);
                String smtpd = "postfix/smtpd[" + newPid() + "]: ";
                line(t + ms(151, 160), h, smtpd + "connect from unknown[" + ip + "]");
                line(t + ms(400, 2000), h, smtpd + "lost connection after EHLO from unknown[" + ip + "]");
                line(t + ms(2001, 2003), h, smtpd + "disconnect from unknown[" + ip + "] ehlo=1 commands=1");
            }
            default -> {
                String smtpd = "postfix/submission/smtpd[" + newPid() + "]: ";
                line(t, h, smtpd + "connect from unknown[" + ip + "]");
                line(
                        t + ms(300, 2500),
                        h,
                        smtpd + "warning: unknown[" + ip + "]: SASL LOGIN authentication failed: " + "UGFzc3dvcmQ6");
                line(
                        t + ms(2600, 2700),
                        h,
                        smtpd + "disconnect from unknown[" + ip + "] ehlo=1 auth=0/1 quit=1 " + "commands=2/3");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private void line(long micros, Host h, String text) {
        writer.schedule(micros, h.index, text);
    }

    private void line(long micros, Host h, String text, LineEffect effect) {
        writer.schedule(micros, h.index, text, effect);
    }

    private long ms(int from, int to) {
        return rand.between(from * 1000L, to * 1000L);
    }

    private int messageSize() {
        double x = rand.uniform(0, 1);
        return (int) (1800 + Math.pow(x, 4) * 2_500_000) + rand.between(0, 999);
    }

    private int newPid() {
        nextPid += rand.between(1, 37);
        if (nextPid > 4_000_000) {
            nextPid = 1000 + nextPid % 1000;
        }
        return nextPid;
    }

    /** Postfix's delay format: two decimals below 1 s, one below 10 s, whole seconds above; no trailing zeros. */
    static String seconds(double s) {
        if (s < 0.005) {
            return "0";
        }
        if (s < 0.995) {
            long hundredths = Math.round(s * 100);
            return hundredths % 10 == 0 ? "0." + hundredths / 10 : (hundredths < 10 ? "0.0" : "0.") + hundredths;
        }
        if (s < 9.95) {
            long tenths = Math.round(s * 10);
            return tenths % 10 == 0 ? Long.toString(tenths / 10) : tenths / 10 + "." + tenths % 10;
        }
        return Long.toString((long) s);
    }

    /** A long-running daemon's few worker processes; one is replaced now and then, as Postfix recycles them. */
    private final class Pool {
        private final int[] pids = new int[3];

        Pool() {
            for (int i = 0; i < pids.length; i++) {
                pids[i] = newPid();
            }
        }

        int pid() {
            int i = rand.between(0, pids.length - 1);
            if (rand.chance(0.01)) {
                pids[i] = newPid();
            }
            return pids[i];
        }
    }

    /** Per mail host: its name and its long-lived processes. */
    private final class Host {
        final int index = hosts.size();
        final String fqdn;
        final int qmgrPid = newPid();
        final int pickupPid = newPid();
        final int postscreenPid = newPid();
        final Pool cleanup = new Pool();
        final Pool smtp = new Pool();
        final Pool lmtp = new Pool();
        final Pool bounce = new Pool();
        final Pool amavis = new Pool();
        int amavisChild;

        Host(String fqdn) {
            this.fqdn = fqdn;
        }
    }

    /**
     * Short Postfix queue IDs (5 hex digits of the microsecond, then the queue file's inode in hex), unique while in
     * use. Now and then a freed ID is handed out again, as inode reuse makes happen on real servers.
     */
    private final class QueueIds {
        private final Map<String, Long> busyUntil = new HashMap<>();
        private final ArrayDeque<String> freed = new ArrayDeque<>();
        private int allocations;

        String allocate(long micros) {
            allocations++;
            if (allocations % 1500 == 0 && !freed.isEmpty()) {
                String reused = freed.pollFirst();
                if (busyUntil.getOrDefault(reused, Long.MIN_VALUE) < micros - MINUTE) {
                    busyUntil.put(reused, Long.MAX_VALUE);
                    if (micros < endMicros) {
                        truth.queueIdReused();
                    }
                    return reused;
                }
            }
            while (true) {
                String id = hex5(Math.floorMod(micros, SECOND)) + hex5(rand.between(0x20000, 0x2FFFF));
                Long until = busyUntil.get(id);
                if (until == null || until < micros) {
                    busyUntil.put(id, Long.MAX_VALUE);
                    return id;
                }
                micros++;
            }
        }

        private static String hex5(long value) {
            char[] c = new char[5];
            for (int i = 4; i >= 0; i--) {
                c[i] = Character.toUpperCase(Character.forDigit((int) (value & 0xF), 16));
                value >>>= 4;
            }
            return new String(c);
        }

        void release(String id, long micros) {
            busyUntil.put(id, micros);
            freed.addLast(id);
            if (freed.size() > 64) {
                freed.pollFirst();
            }
        }

        /** Drops IDs freed long ago (the result does not depend on map order: only stale entries go). */
        void forgetBefore(long micros) {
            if (allocations % 4096 == 0) {
                busyUntil.values().removeIf(until -> until < micros);
            }
        }
    }
}
