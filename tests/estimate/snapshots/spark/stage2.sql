SELECT
  `__g0`,
  `__g1`,
  `sex`,
  `region`,
  `__h`,
  `__p`,
  SUM(`m0_v`) AS `m0_v`,
  SUM(`m0_u`) AS `m0_u`,
  SUM(`m0_c`) AS `m0_c`,
  SUM(`m0_z`) AS `m0_z`,
  SUM(`m0_yy`) AS `m0_yy`,
  SUM(`m0_e`) AS `m0_se`,
  SUM(`m0_e` * `m0_e`) AS `m0_see`,
  COUNT(CASE WHEN `m0_c` > 0 THEN 1 END) AS `m0_nsub`,
  SUM(`m1_v`) AS `m1_v`,
  SUM(`m1_u`) AS `m1_u`,
  SUM(`m1_c`) AS `m1_c`,
  SUM(`m1_z`) AS `m1_z`,
  SUM(`m1_yy`) AS `m1_yy`,
  SUM(`m1_ws`) AS `m1_ws`,
  SUM(`m1_xy`) AS `m1_xy`,
  SUM(`m1_xx`) AS `m1_xx`,
  SUM(`m1_e`) AS `m1_se`,
  SUM(`m1_e` * `m1_e`) AS `m1_see`,
  COUNT(CASE WHEN `m1_c` > 0 THEN 1 END) AS `m1_nsub`,
  SUM(`m2_v`) AS `m2_v`,
  SUM(`m2_u`) AS `m2_u`,
  SUM(`m2_c`) AS `m2_c`,
  SUM(`m2_z`) AS `m2_z`,
  SUM(`m2_yy`) AS `m2_yy`,
  SUM(`m2_e`) AS `m2_se`,
  SUM(`m2_e` * `m2_e`) AS `m2_see`,
  COUNT(CASE WHEN `m2_c` > 0 THEN 1 END) AS `m2_nsub`,
  SUM(`m3_v`) AS `m3_v`,
  SUM(`m3_u`) AS `m3_u`,
  SUM(`m3_c`) AS `m3_c`,
  SUM(`m3_z`) AS `m3_z`,
  SUM(`m3_yy`) AS `m3_yy`,
  SUM(`m3_e`) AS `m3_se`,
  SUM(`m3_e` * `m3_e`) AS `m3_see`,
  COUNT(CASE WHEN `m3_c` > 0 THEN 1 END) AS `m3_nsub`,
  SUM(`m4_v`) AS `m4_v`,
  SUM(`m4_u`) AS `m4_u`,
  SUM(`m4_c`) AS `m4_c`,
  SUM(`m4_z`) AS `m4_z`,
  SUM(`m4_yy`) AS `m4_yy`,
  SUM(`m4_e`) AS `m4_se`,
  SUM(`m4_e` * `m4_e`) AS `m4_see`,
  COUNT(CASE WHEN `m4_c` > 0 THEN 1 END) AS `m4_nsub`,
  SUM(`m5_v`) AS `m5_v`,
  SUM(`m5_u`) AS `m5_u`,
  SUM(`m5_c`) AS `m5_c`,
  SUM(`m5_z`) AS `m5_z`,
  SUM(`m5_yy`) AS `m5_yy`,
  SUM(`m5_e`) AS `m5_se`,
  SUM(`m5_e` * `m5_e`) AS `m5_see`,
  COUNT(CASE WHEN `m5_c` > 0 THEN 1 END) AS `m5_nsub`
FROM (
  SELECT
    *,
    `m0_v` - `m0_u` * (
      SUM(`m0_v`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`) / NULLIF(SUM(`m0_u`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`), 0)
    ) AS `m0_e`,
    `m1_v` - `m1_u` * (
      SUM(`m1_v`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`) / NULLIF(SUM(`m1_u`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`), 0)
    ) AS `m1_e`,
    `m2_v` - `m2_u` * (
      SUM(`m2_v`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`) / NULLIF(SUM(`m2_u`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`), 0)
    ) AS `m2_e`,
    `m3_v` - `m3_u` * (
      SUM(`m3_v`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`) / NULLIF(SUM(`m3_u`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`), 0)
    ) AS `m3_e`,
    `m4_v` - `m4_u` * (
      SUM(`m4_v`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`) / NULLIF(SUM(`m4_u`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`), 0)
    ) AS `m4_e`,
    `m5_v` - `m5_u` * (
      SUM(`m5_v`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`) / NULLIF(SUM(`m5_u`) OVER (PARTITION BY `__g0`, `__g1`, `sex`, `region`), 0)
    ) AS `m5_e`
  FROM (
    SELECT
      GROUPING(`sex`) AS `__g0`,
      GROUPING(`region`) AS `__g1`,
      `sex`,
      `region`,
      `__h`,
      `__p`,
      `__s`,
      SUM(`m0_v`) AS `m0_v`,
      SUM(`m0_u`) AS `m0_u`,
      SUM(`m0_c`) AS `m0_c`,
      SUM(`m0_z`) AS `m0_z`,
      SUM(`m0_yy`) AS `m0_yy`,
      SUM(`m1_v`) AS `m1_v`,
      SUM(`m1_u`) AS `m1_u`,
      SUM(`m1_c`) AS `m1_c`,
      SUM(`m1_z`) AS `m1_z`,
      SUM(`m1_yy`) AS `m1_yy`,
      SUM(`m1_ws`) AS `m1_ws`,
      SUM(`m1_xy`) AS `m1_xy`,
      SUM(`m1_xx`) AS `m1_xx`,
      SUM(`m2_v`) AS `m2_v`,
      SUM(`m2_u`) AS `m2_u`,
      SUM(`m2_c`) AS `m2_c`,
      SUM(`m2_z`) AS `m2_z`,
      SUM(`m2_yy`) AS `m2_yy`,
      SUM(`m3_v`) AS `m3_v`,
      SUM(`m3_u`) AS `m3_u`,
      SUM(`m3_c`) AS `m3_c`,
      SUM(`m3_z`) AS `m3_z`,
      SUM(`m3_yy`) AS `m3_yy`,
      SUM(`m4_v`) AS `m4_v`,
      SUM(`m4_u`) AS `m4_u`,
      SUM(`m4_c`) AS `m4_c`,
      SUM(`m4_z`) AS `m4_z`,
      SUM(`m4_yy`) AS `m4_yy`,
      SUM(`m5_v`) AS `m5_v`,
      SUM(`m5_u`) AS `m5_u`,
      SUM(`m5_c`) AS `m5_c`,
      SUM(`m5_z`) AS `m5_z`,
      SUM(`m5_yy`) AS `m5_yy`
    FROM cells
    GROUP BY
      GROUPING SETS (
        (`__h`, `__p`, `__s`),
        (`__h`, `__p`, `__s`, `sex`),
        (`__h`, `__p`, `__s`, `sex`, `region`)
      )
  ) AS units
) AS scored
GROUP BY
  `__g0`,
  `__g1`,
  `sex`,
  `region`,
  `__h`,
  `__p`
ORDER BY
  `__g0`,
  `__g1`,
  `sex`,
  `region`,
  `__h`,
  `__p`
