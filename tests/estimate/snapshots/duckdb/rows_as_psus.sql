SELECT
  *,
  CAST("pw" AS DOUBLE) AS "__w",
  '(all)' AS "__h",
  "__row" AS "__p"
FROM src
