SELECT
  `__h`,
  `__p`,
  `sex`,
  `region`,
  COUNT(*) AS `__rows`,
  SUM(`__w` * CAST(`income` AS DOUBLE)) AS `m0_v`,
  SUM(`__w` * 1) AS `m0_u`,
  SUM(`__w` * CAST(`income` AS DOUBLE) * CAST(`income` AS DOUBLE)) AS `m0_yy`,
  SUM(`__w` * CAST(`cost` AS DOUBLE)) AS `m1_v`,
  SUM(`__w` * CAST(`earnings` AS DOUBLE)) AS `m1_u`,
  SUM(`__w` * CAST(`cost` AS DOUBLE) * CAST(`cost` AS DOUBLE)) AS `m1_yy`,
  SUM(`__w` * CAST(`earnings` AS DOUBLE) * CAST(`cost` AS DOUBLE)) AS `m1_xy`,
  SUM(`__w` * CAST(`earnings` AS DOUBLE) * CAST(`earnings` AS DOUBLE)) AS `m1_xx`,
  SUM(
    `__w` * CASE
      WHEN LOCATE(' radio ', ' ' || CAST(`sources` AS STRING) || ' ') > 0
      THEN 1.0
      ELSE 0.0
    END
  ) AS `m2_v`,
  SUM(
    `__w` * CASE
      WHEN LOCATE(' sms ', ' ' || CAST(`sources` AS STRING) || ' ') > 0
      THEN 1.0
      ELSE 0.0
    END
  ) AS `m3_v`,
  SUM(`__w` * CASE WHEN CAST(`sch.wide` AS STRING) = 'No' THEN 1.0 ELSE 0.0 END) AS `m4_v`,
  SUM(`__w` * CASE WHEN CAST(`sch.wide` AS STRING) = 'Yes' THEN 1.0 ELSE 0.0 END) AS `m5_v`
FROM (
  SELECT
    *,
    CAST(`pw` AS DOUBLE) AS `__w`,
    `region` AS `__h`,
    `ea` AS `__p`
  FROM src
) AS prepared
GROUP BY
  `__h`,
  `__p`,
  `sex`,
  `region`
