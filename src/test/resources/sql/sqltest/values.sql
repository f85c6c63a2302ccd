-- One row per parameter kind: its value as text and its DuckDB type.
SELECT 'at' AS name, CAST(getvariable('at') AS VARCHAR) AS v, typeof(getvariable('at')) AS t
UNION ALL SELECT 'text', getvariable('text'), typeof(getvariable('text'))
UNION ALL SELECT 'n_int', CAST(getvariable('n_int') AS VARCHAR), typeof(getvariable('n_int'))
UNION ALL SELECT 'n_long', CAST(getvariable('n_long') AS VARCHAR), typeof(getvariable('n_long'))
UNION ALL SELECT 'share', CAST(getvariable('share') AS VARCHAR), typeof(getvariable('share'))
UNION ALL SELECT 'flag', CAST(getvariable('flag') AS VARCHAR), typeof(getvariable('flag'))
UNION ALL SELECT 'state', getvariable('state'), typeof(getvariable('state'))
UNION ALL SELECT 'names', CAST(getvariable('names') AS VARCHAR), typeof(getvariable('names'))
UNION ALL SELECT 'ids', CAST(getvariable('ids') AS VARCHAR), typeof(getvariable('ids'))
UNION ALL SELECT 'nothing', coalesce(CAST(getvariable('nothing') AS VARCHAR), 'null'), 'n/a'
ORDER BY name;
