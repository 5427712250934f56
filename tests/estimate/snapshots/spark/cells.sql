SELECT
  `__h`,
  `__p`,
  `__s`,
  `sex`,
  `region`,
  COUNT(*) AS `__rows`,
  MIN(CAST(`fpc1` AS DOUBLE)) AS `__fpc1_min`,
  MAX(CAST(`fpc1` AS DOUBLE)) AS `__fpc1_max`,
  MIN(CAST(`fpc2` AS DOUBLE)) AS `__fpc2_min`,
  MAX(CAST(`fpc2` AS DOUBLE)) AS `__fpc2_max`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `income` IS NULL
        )
        THEN `__w` * CAST(`income` AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m0_v`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `income` IS NULL
        )
        THEN `__w` * 1
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m0_u`,
  CAST(COUNT(
    CASE
      WHEN (
        `age` >= 18 AND `sch.wide` = 'Yes'
      ) AND (
        NOT `income` IS NULL
      )
      THEN 1
    END
  ) AS DOUBLE) AS `m0_c`,
  CAST(COUNT(
    CASE
      WHEN (
        (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `income` IS NULL
        )
      )
      AND `__w` <> 0
      THEN 1
    END
  ) AS DOUBLE) AS `m0_z`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `income` IS NULL
        )
        THEN `__w` * CAST(`income` AS DOUBLE) * CAST(`income` AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m0_yy`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        )
        AND (
          NOT `cost` IS NULL AND NOT `earnings` IS NULL
        )
        THEN `__w` * CAST(`cost` AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m1_v`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        )
        AND (
          NOT `cost` IS NULL AND NOT `earnings` IS NULL
        )
        THEN `__w` * CAST(`earnings` AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m1_u`,
  CAST(COUNT(
    CASE
      WHEN (
        `age` >= 18 AND `sch.wide` = 'Yes'
      )
      AND (
        NOT `cost` IS NULL AND NOT `earnings` IS NULL
      )
      THEN 1
    END
  ) AS DOUBLE) AS `m1_c`,
  CAST(COUNT(
    CASE
      WHEN (
        (
          `age` >= 18 AND `sch.wide` = 'Yes'
        )
        AND (
          NOT `cost` IS NULL AND NOT `earnings` IS NULL
        )
      )
      AND `__w` <> 0
      THEN 1
    END
  ) AS DOUBLE) AS `m1_z`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        )
        AND (
          NOT `cost` IS NULL AND NOT `earnings` IS NULL
        )
        THEN `__w` * CAST(`cost` AS DOUBLE) * CAST(`cost` AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m1_yy`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        )
        AND (
          NOT `cost` IS NULL AND NOT `earnings` IS NULL
        )
        THEN `__w`
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m1_ws`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        )
        AND (
          NOT `cost` IS NULL AND NOT `earnings` IS NULL
        )
        THEN `__w` * CAST(`earnings` AS DOUBLE) * CAST(`cost` AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m1_xy`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        )
        AND (
          NOT `cost` IS NULL AND NOT `earnings` IS NULL
        )
        THEN `__w` * CAST(`earnings` AS DOUBLE) * CAST(`earnings` AS DOUBLE)
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m1_xx`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `sources` IS NULL
        )
        THEN `__w` * CASE
          WHEN LOCATE(' radio ', ' ' || CAST(`sources` AS STRING) || ' ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m2_v`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `sources` IS NULL
        )
        THEN `__w` * 1
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m2_u`,
  CAST(COUNT(
    CASE
      WHEN (
        `age` >= 18 AND `sch.wide` = 'Yes'
      ) AND (
        NOT `sources` IS NULL
      )
      THEN 1
    END
  ) AS DOUBLE) AS `m2_c`,
  CAST(COUNT(
    CASE
      WHEN (
        (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `sources` IS NULL
        )
      )
      AND `__w` <> 0
      THEN 1
    END
  ) AS DOUBLE) AS `m2_z`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `sources` IS NULL
        )
        THEN `__w` * CASE
          WHEN LOCATE(' sms ', ' ' || CAST(`sources` AS STRING) || ' ') > 0
          THEN 1.0
          ELSE 0.0
        END
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m3_v`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `sch.wide` IS NULL
        )
        THEN `__w` * CASE WHEN CAST(`sch.wide` AS STRING) = 'No' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m4_v`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `sch.wide` IS NULL
        )
        THEN `__w` * 1
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m4_u`,
  CAST(COUNT(
    CASE
      WHEN (
        `age` >= 18 AND `sch.wide` = 'Yes'
      ) AND (
        NOT `sch.wide` IS NULL
      )
      THEN 1
    END
  ) AS DOUBLE) AS `m4_c`,
  CAST(COUNT(
    CASE
      WHEN (
        (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `sch.wide` IS NULL
        )
      )
      AND `__w` <> 0
      THEN 1
    END
  ) AS DOUBLE) AS `m4_z`,
  COALESCE(
    SUM(
      CASE
        WHEN (
          `age` >= 18 AND `sch.wide` = 'Yes'
        ) AND (
          NOT `sch.wide` IS NULL
        )
        THEN `__w` * CASE WHEN CAST(`sch.wide` AS STRING) = 'Yes' THEN 1.0 ELSE 0.0 END
        ELSE CAST(0 AS DOUBLE)
      END
    ),
    0
  ) AS `m5_v`
FROM (
  SELECT
    *,
    CAST(`pw` AS DOUBLE) AS `__w`,
    `region` AS `__h`,
    `ea` AS `__p`,
    `woman` AS `__s`
  FROM src
) AS prepared
GROUP BY
  `__h`,
  `__p`,
  `__s`,
  `sex`,
  `region`
