SELECT
  GROUPING("sex") AS "__g0",
  GROUPING("region") AS "__g1",
  "sex",
  "region",
  SUM("m0_v") AS "m0_v",
  SUM("m0_u") AS "m0_u",
  SUM("m0_c") AS "m0_c",
  SUM("m0_z") AS "m0_z",
  SUM("m0_yy") AS "m0_yy",
  SUM("m0_v_r0") AS "m0_v_r0",
  SUM("m0_u_r0") AS "m0_u_r0",
  SUM("m0_v_r1") AS "m0_v_r1",
  SUM("m0_u_r1") AS "m0_u_r1",
  SUM("m0_v_r2") AS "m0_v_r2",
  SUM("m0_u_r2") AS "m0_u_r2",
  SUM("m1_v") AS "m1_v",
  SUM("m1_u") AS "m1_u",
  SUM("m1_c") AS "m1_c",
  SUM("m1_z") AS "m1_z",
  SUM("m1_yy") AS "m1_yy",
  SUM("m1_ws") AS "m1_ws",
  SUM("m1_xy") AS "m1_xy",
  SUM("m1_xx") AS "m1_xx",
  SUM("m1_v_r0") AS "m1_v_r0",
  SUM("m1_u_r0") AS "m1_u_r0",
  SUM("m1_v_r1") AS "m1_v_r1",
  SUM("m1_u_r1") AS "m1_u_r1",
  SUM("m1_v_r2") AS "m1_v_r2",
  SUM("m1_u_r2") AS "m1_u_r2",
  SUM("m2_v") AS "m2_v",
  SUM("m2_u") AS "m2_u",
  SUM("m2_c") AS "m2_c",
  SUM("m2_z") AS "m2_z",
  SUM("m2_yy") AS "m2_yy",
  SUM("m2_v_r0") AS "m2_v_r0",
  SUM("m2_u_r0") AS "m2_u_r0",
  SUM("m2_v_r1") AS "m2_v_r1",
  SUM("m2_u_r1") AS "m2_u_r1",
  SUM("m2_v_r2") AS "m2_v_r2",
  SUM("m2_u_r2") AS "m2_u_r2",
  SUM("m3_v") AS "m3_v",
  SUM("m3_u") AS "m3_u",
  SUM("m3_c") AS "m3_c",
  SUM("m3_z") AS "m3_z",
  SUM("m3_yy") AS "m3_yy",
  SUM("m3_v_r0") AS "m3_v_r0",
  SUM("m3_u_r0") AS "m3_u_r0",
  SUM("m3_v_r1") AS "m3_v_r1",
  SUM("m3_u_r1") AS "m3_u_r1",
  SUM("m3_v_r2") AS "m3_v_r2",
  SUM("m3_u_r2") AS "m3_u_r2",
  SUM("m4_v") AS "m4_v",
  SUM("m4_u") AS "m4_u",
  SUM("m4_c") AS "m4_c",
  SUM("m4_z") AS "m4_z",
  SUM("m4_yy") AS "m4_yy",
  SUM("m4_v_r0") AS "m4_v_r0",
  SUM("m4_u_r0") AS "m4_u_r0",
  SUM("m4_v_r1") AS "m4_v_r1",
  SUM("m4_u_r1") AS "m4_u_r1",
  SUM("m4_v_r2") AS "m4_v_r2",
  SUM("m4_u_r2") AS "m4_u_r2",
  SUM("m5_v") AS "m5_v",
  SUM("m5_u") AS "m5_u",
  SUM("m5_c") AS "m5_c",
  SUM("m5_z") AS "m5_z",
  SUM("m5_yy") AS "m5_yy",
  SUM("m5_v_r0") AS "m5_v_r0",
  SUM("m5_u_r0") AS "m5_u_r0",
  SUM("m5_v_r1") AS "m5_v_r1",
  SUM("m5_u_r1") AS "m5_u_r1",
  SUM("m5_v_r2") AS "m5_v_r2",
  SUM("m5_u_r2") AS "m5_u_r2"
FROM (
  SELECT
    "sex",
    "region",
    SUM("m0_v") AS "m0_v",
    SUM("m0_u") AS "m0_u",
    SUM("m0_c") AS "m0_c",
    SUM("m0_z") AS "m0_z",
    SUM("m0_yy") AS "m0_yy",
    SUM("m0_v_r0") AS "m0_v_r0",
    SUM("m0_u_r0") AS "m0_u_r0",
    SUM("m0_v_r1") AS "m0_v_r1",
    SUM("m0_u_r1") AS "m0_u_r1",
    SUM("m0_v_r2") AS "m0_v_r2",
    SUM("m0_u_r2") AS "m0_u_r2",
    SUM("m1_v") AS "m1_v",
    SUM("m1_u") AS "m1_u",
    SUM("m1_c") AS "m1_c",
    SUM("m1_z") AS "m1_z",
    SUM("m1_yy") AS "m1_yy",
    SUM("m1_ws") AS "m1_ws",
    SUM("m1_xy") AS "m1_xy",
    SUM("m1_xx") AS "m1_xx",
    SUM("m1_v_r0") AS "m1_v_r0",
    SUM("m1_u_r0") AS "m1_u_r0",
    SUM("m1_v_r1") AS "m1_v_r1",
    SUM("m1_u_r1") AS "m1_u_r1",
    SUM("m1_v_r2") AS "m1_v_r2",
    SUM("m1_u_r2") AS "m1_u_r2",
    SUM("m2_v") AS "m2_v",
    SUM("m2_u") AS "m2_u",
    SUM("m2_c") AS "m2_c",
    SUM("m2_z") AS "m2_z",
    SUM("m2_yy") AS "m2_yy",
    SUM("m2_v_r0") AS "m2_v_r0",
    SUM("m2_u_r0") AS "m2_u_r0",
    SUM("m2_v_r1") AS "m2_v_r1",
    SUM("m2_u_r1") AS "m2_u_r1",
    SUM("m2_v_r2") AS "m2_v_r2",
    SUM("m2_u_r2") AS "m2_u_r2",
    SUM("m3_v") AS "m3_v",
    SUM("m3_u") AS "m3_u",
    SUM("m3_c") AS "m3_c",
    SUM("m3_z") AS "m3_z",
    SUM("m3_yy") AS "m3_yy",
    SUM("m3_v_r0") AS "m3_v_r0",
    SUM("m3_u_r0") AS "m3_u_r0",
    SUM("m3_v_r1") AS "m3_v_r1",
    SUM("m3_u_r1") AS "m3_u_r1",
    SUM("m3_v_r2") AS "m3_v_r2",
    SUM("m3_u_r2") AS "m3_u_r2",
    SUM("m4_v") AS "m4_v",
    SUM("m4_u") AS "m4_u",
    SUM("m4_c") AS "m4_c",
    SUM("m4_z") AS "m4_z",
    SUM("m4_yy") AS "m4_yy",
    SUM("m4_v_r0") AS "m4_v_r0",
    SUM("m4_u_r0") AS "m4_u_r0",
    SUM("m4_v_r1") AS "m4_v_r1",
    SUM("m4_u_r1") AS "m4_u_r1",
    SUM("m4_v_r2") AS "m4_v_r2",
    SUM("m4_u_r2") AS "m4_u_r2",
    SUM("m5_v") AS "m5_v",
    SUM("m5_u") AS "m5_u",
    SUM("m5_c") AS "m5_c",
    SUM("m5_z") AS "m5_z",
    SUM("m5_yy") AS "m5_yy",
    SUM("m5_v_r0") AS "m5_v_r0",
    SUM("m5_u_r0") AS "m5_u_r0",
    SUM("m5_v_r1") AS "m5_v_r1",
    SUM("m5_u_r1") AS "m5_u_r1",
    SUM("m5_v_r2") AS "m5_v_r2",
    SUM("m5_u_r2") AS "m5_u_r2"
  FROM (
    SELECT
      "sex",
      "region",
      CASE
        WHEN NOT "income" IS NULL
        THEN "__w" * CAST("income" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m0_v",
      CASE WHEN NOT "income" IS NULL THEN "__w" * 1 ELSE CAST(0 AS DOUBLE) END AS "m0_u",
      CASE WHEN NOT "income" IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "m0_c",
      CASE
        WHEN (
          NOT "income" IS NULL
        ) AND "__w" <> 0
        THEN CAST(1 AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m0_z",
      CASE
        WHEN NOT "income" IS NULL
        THEN "__w" * CAST("income" AS DOUBLE) * CAST("income" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m0_yy",
      CASE
        WHEN NOT "income" IS NULL
        THEN CAST("repw1" AS DOUBLE) * CAST("income" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m0_v_r0",
      CASE
        WHEN NOT "income" IS NULL
        THEN CAST("repw1" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m0_u_r0",
      CASE
        WHEN NOT "income" IS NULL
        THEN CAST("repw2" AS DOUBLE) * CAST("income" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m0_v_r1",
      CASE
        WHEN NOT "income" IS NULL
        THEN CAST("repw2" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m0_u_r1",
      CASE
        WHEN NOT "income" IS NULL
        THEN CAST("repw3" AS DOUBLE) * CAST("income" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m0_v_r2",
      CASE
        WHEN NOT "income" IS NULL
        THEN CAST("repw3" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m0_u_r2",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN "__w" * CAST("cost" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_v",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN "__w" * CAST("earnings" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_u",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN CAST(1 AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_c",
      CASE
        WHEN (
          NOT "cost" IS NULL AND NOT "earnings" IS NULL
        ) AND "__w" <> 0
        THEN CAST(1 AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_z",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN "__w" * CAST("cost" AS DOUBLE) * CAST("cost" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_yy",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN "__w"
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_ws",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN "__w" * CAST("earnings" AS DOUBLE) * CAST("cost" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_xy",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN "__w" * CAST("earnings" AS DOUBLE) * CAST("earnings" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_xx",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN CAST("repw1" AS DOUBLE) * CAST("cost" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_v_r0",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN CAST("repw1" AS DOUBLE) * CAST("earnings" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_u_r0",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN CAST("repw2" AS DOUBLE) * CAST("cost" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_v_r1",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN CAST("repw2" AS DOUBLE) * CAST("earnings" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_u_r1",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN CAST("repw3" AS DOUBLE) * CAST("cost" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_v_r2",
      CASE
        WHEN NOT "cost" IS NULL AND NOT "earnings" IS NULL
        THEN CAST("repw3" AS DOUBLE) * CAST("earnings" AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m1_u_r2",
      CASE
        WHEN NOT "sources" IS NULL
        THEN "__w" * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' radio ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END AS "m2_v",
      CASE WHEN NOT "sources" IS NULL THEN "__w" * 1 ELSE CAST(0 AS DOUBLE) END AS "m2_u",
      CASE WHEN NOT "sources" IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "m2_c",
      CASE
        WHEN (
          NOT "sources" IS NULL
        ) AND "__w" <> 0
        THEN CAST(1 AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m2_z",
      CASE
        WHEN NOT "sources" IS NULL
        THEN "__w" * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' radio ') > 0
          THEN 1.0
          ELSE 0.0
        END * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' radio ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END AS "m2_yy",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw1" AS DOUBLE) * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' radio ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END AS "m2_v_r0",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw1" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m2_u_r0",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw2" AS DOUBLE) * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' radio ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END AS "m2_v_r1",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw2" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m2_u_r1",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw3" AS DOUBLE) * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' radio ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END AS "m2_v_r2",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw3" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m2_u_r2",
      CASE
        WHEN NOT "sources" IS NULL
        THEN "__w" * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' sms ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END AS "m3_v",
      CASE WHEN NOT "sources" IS NULL THEN "__w" * 1 ELSE CAST(0 AS DOUBLE) END AS "m3_u",
      CASE WHEN NOT "sources" IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "m3_c",
      CASE
        WHEN (
          NOT "sources" IS NULL
        ) AND "__w" <> 0
        THEN CAST(1 AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m3_z",
      CASE
        WHEN NOT "sources" IS NULL
        THEN "__w" * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' sms ') > 0
          THEN 1.0
          ELSE 0.0
        END * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' sms ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END AS "m3_yy",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw1" AS DOUBLE) * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' sms ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END AS "m3_v_r0",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw1" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m3_u_r0",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw2" AS DOUBLE) * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' sms ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END AS "m3_v_r1",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw2" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m3_u_r1",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw3" AS DOUBLE) * CASE
          WHEN STRPOS(' ' || CAST("sources" AS TEXT) || ' ', ' sms ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END AS "m3_v_r2",
      CASE
        WHEN NOT "sources" IS NULL
        THEN CAST("repw3" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m3_u_r2",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN "__w" * CASE WHEN CAST("sch.wide" AS TEXT) = 'No' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END AS "m4_v",
      CASE WHEN NOT "sch.wide" IS NULL THEN "__w" * 1 ELSE CAST(0 AS DOUBLE) END AS "m4_u",
      CASE WHEN NOT "sch.wide" IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "m4_c",
      CASE
        WHEN (
          NOT "sch.wide" IS NULL
        ) AND "__w" <> 0
        THEN CAST(1 AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m4_z",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN "__w" * CASE WHEN CAST("sch.wide" AS TEXT) = 'No' THEN 1.0 ELSE 0.0 END * CASE WHEN CAST("sch.wide" AS TEXT) = 'No' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END AS "m4_yy",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw1" AS DOUBLE) * CASE WHEN CAST("sch.wide" AS TEXT) = 'No' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END AS "m4_v_r0",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw1" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m4_u_r0",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw2" AS DOUBLE) * CASE WHEN CAST("sch.wide" AS TEXT) = 'No' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END AS "m4_v_r1",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw2" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m4_u_r1",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw3" AS DOUBLE) * CASE WHEN CAST("sch.wide" AS TEXT) = 'No' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END AS "m4_v_r2",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw3" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m4_u_r2",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN "__w" * CASE WHEN CAST("sch.wide" AS TEXT) = 'Yes' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END AS "m5_v",
      CASE WHEN NOT "sch.wide" IS NULL THEN "__w" * 1 ELSE CAST(0 AS DOUBLE) END AS "m5_u",
      CASE WHEN NOT "sch.wide" IS NULL THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END AS "m5_c",
      CASE
        WHEN (
          NOT "sch.wide" IS NULL
        ) AND "__w" <> 0
        THEN CAST(1 AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END AS "m5_z",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN "__w" * CASE WHEN CAST("sch.wide" AS TEXT) = 'Yes' THEN 1.0 ELSE 0.0 END * CASE WHEN CAST("sch.wide" AS TEXT) = 'Yes' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END AS "m5_yy",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw1" AS DOUBLE) * CASE WHEN CAST("sch.wide" AS TEXT) = 'Yes' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END AS "m5_v_r0",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw1" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m5_u_r0",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw2" AS DOUBLE) * CASE WHEN CAST("sch.wide" AS TEXT) = 'Yes' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END AS "m5_v_r1",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw2" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m5_u_r1",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw3" AS DOUBLE) * CASE WHEN CAST("sch.wide" AS TEXT) = 'Yes' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END AS "m5_v_r2",
      CASE
        WHEN NOT "sch.wide" IS NULL
        THEN CAST("repw3" AS DOUBLE) * 1
        ELSE CAST(0 AS DOUBLE)
      END AS "m5_u_r2"
    FROM (
      SELECT
        *,
        CAST("pw" AS DOUBLE) AS "__w",
        '(all)' AS "__h",
        "__row" AS "__p"
      FROM src
    ) AS prepared
  ) AS base
  GROUP BY
    "sex",
    "region"
) AS cells
GROUP BY
  GROUPING SETS (
    (),
    ("sex"),
    ("sex", "region")
  )
ORDER BY
  "__g0",
  "__g1",
  "sex",
  "region"
