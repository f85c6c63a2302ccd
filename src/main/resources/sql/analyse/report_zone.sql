-- The report zone as the session TimeZone: every day, ISO week and strftime of a TIMESTAMPTZ in the analysis is cut
-- in it. Parameters: zone (a DuckDB/ICU zone name, see Analyser.duckDbZone).
SET TimeZone = getvariable('zone');
