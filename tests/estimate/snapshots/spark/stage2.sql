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
  SUM(`m3_v`) AS `m3_v`,
  SUM(`m4_v`) AS `m4_v`,
  SUM(`m4_u`) AS `m4_u`,
  SUM(`m4_c`) AS `m4_c`,
  SUM(`m4_z`) AS `m4_z`,
  SUM(`m5_v`) AS `m5_v`
FROM cells
GROUP BY
  GROUPING SETS (
    (`__h`, `__p`, `__s`),
    (`__h`, `__p`, `__s`, `sex`),
    (`__h`, `__p`, `__s`, `sex`, `region`)
  )
