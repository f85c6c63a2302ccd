#!/bin/sh
# Nightly wrapper for cron: never two runs at once, full output to a log file, and on failure one line on stderr
# (cron mails it to MAILTO) plus a non-zero exit.
#
# Environment (all optional):
#   POSTFIX_INSIGHTS_HOME  install folder holding postfix-insights.jar and application.yml (default: this script's ..)
#   POSTFIX_INSIGHTS_LOG   log file (default: /var/log/postfix-insights.log)
#   JAVA                   java binary (default: java on PATH)
set -u
HOME_DIR=${POSTFIX_INSIGHTS_HOME:-$(cd "$(dirname "$0")/.." && pwd)}
LOG=${POSTFIX_INSIGHTS_LOG:-/var/log/postfix-insights.log}
JAVA=${JAVA:-java}
LOCK="$HOME_DIR/.postfix-insights.lock"

cd "$HOME_DIR" || { echo "postfix-insights: cannot enter $HOME_DIR" >&2; exit 1; }
JAR="$HOME_DIR/postfix-insights.jar"
[ -f "$JAR" ] || JAR="$HOME_DIR/target/postfix-insights.jar"

# flock -n: if last night's run is somehow still going, do not queue up behind it.
exec 9>"$LOCK"
if ! flock -n 9; then
    echo "postfix-insights: another run is still active (lock $LOCK held); skipped" >&2
    exit 75
fi

echo "=== $(date -Is) postfix-insights report" >>"$LOG"
"$JAVA" -Xmx512m -jar "$JAR" report >>"$LOG" 2>"$LOG.err"
rc=$?
cat "$LOG.err" >>"$LOG"
if [ "$rc" -ne 0 ]; then
    # The jar's last stderr line is its one-line reason.
    reason=$(tail -n 1 "$LOG.err")
    echo "postfix-insights failed (exit $rc): ${reason:-see $LOG}" >&2
fi
rm -f "$LOG.err"
exit "$rc"
