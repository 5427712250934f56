SELECT
  "sex",
  "region",
  "m0_in",
  "__f0",
  "__f1",
  "__f2",
  SUM("__w2") AS "__scale2"
FROM (
  SELECT
    "sex",
    "region",
    CASE WHEN NOT "income" IS NULL THEN 1 ELSE CAST(0 AS DOUBLE) END AS "m0_in",
    ROUND(
      CASE
        WHEN "__w" <> 0
        THEN CAST("repw1" AS DOUBLE) / "__w"
        ELSE CAST("repw1" AS DOUBLE)
      END,
      9
    ) AS "__f0",
    ROUND(
      CASE
        WHEN "__w" <> 0
        THEN CAST("repw2" AS DOUBLE) / "__w"
        ELSE CAST("repw2" AS DOUBLE)
      END,
      9
    ) AS "__f1",
    ROUND(
      CASE
        WHEN "__w" <> 0
        THEN CAST("repw3" AS DOUBLE) / "__w"
        ELSE CAST("repw3" AS DOUBLE)
      END,
      9
    ) AS "__f2",
    CASE WHEN "__w" <> 0 THEN "__w" * "__w" ELSE CAST(1 AS DOUBLE) END AS "__w2"
  FROM (
    SELECT
      *,
      CAST("pw" AS DOUBLE) AS "__w",
      '(all)' AS "__h",
      "__row" AS "__p"
    FROM src
  ) AS prepared
) AS patterns
GROUP BY
  "sex",
  "region",
  "m0_in",
  "__f0",
  "__f1",
  "__f2"
