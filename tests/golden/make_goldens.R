# make_goldens.R -- golden values from R's `survey` package, the correctness oracle for safemig.
#
# Usage:  Rscript tests/golden/make_goldens.R tests/golden      (or: make goldens)
#
# Writes, under the output folder:
#   data/*.csv        the data the tests read (api data from `survey`, plus a synthetic survey)
#   goldens.json      one entry per case = one `safemig estimate` call and its expected rows
#   VERSIONS.txt      R and package versions, date, sessionInfo()
#
# Every design is rebuilt FROM THE CSV FILES WRITTEN HERE, so R and the tests see the same bytes.
# Needs R >= 4.0 with r-cran-survey (4.1-1 was used) and r-cran-jsonlite (Debian packages).

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else "."
data_dir <- file.path(out_dir, "data")
dir.create(data_dir, recursive = TRUE, showWarnings = FALSE)

suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))  # level and domain order must not depend on locale
options(survey.adjust.domain.lonely = TRUE, survey.lonely.psu = "fail",
        survey.replicates.mse = FALSE, stringsAsFactors = FALSE)

# ---------------------------------------------------------------------------------------------
# Data files
# ---------------------------------------------------------------------------------------------

write_data <- function(df, name) {
  write.csv(df, file.path(data_dir, name), row.names = FALSE, na = "")
}
read_data <- function(name) {
  # Empty fields are NA; no other string is NA (a label "NA" would stay a label).
  read.csv(file.path(data_dir, name), na.strings = "", check.names = FALSE)
}

data(api)
apiclus1$ell0 <- as.integer(apiclus1$ell == 0)  # 0/1 column for the svyciprop oracle cases

dclus2_orig <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
apiclus2$pw2 <- weights(dclus2_orig)
pw_gap <- max(abs(apiclus2$pw2 - apiclus2$pw) / apiclus2$pw)
if (pw_gap > 1e-12) stop("apiclus2: pw2 (weights implied by fpc) differs from pw by ", pw_gap)

write_data(apistrat, "apistrat.csv")
write_data(apiclus1, "apiclus1.csv")
write_data(apiclus2, "apiclus2.csv")
write_data(apisrs, "apisrs.csv")

dclus1_orig <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
rclus1_orig <- as.svrepdesign(dclus1_orig)
jk1 <- weights(rclus1_orig, "analysis")
colnames(jk1) <- sprintf("repw%02d", seq_len(ncol(jk1)))
write_data(cbind(apiclus1, jk1), "apiclus1_jk1.csv")

set.seed(20261128)
bclus1_orig <- as.svrepdesign(dclus1_orig, type = "bootstrap", replicates = 50)
boot <- weights(bclus1_orig, "analysis")
colnames(boot) <- sprintf("bw%02d", seq_len(ncol(boot)))
write_data(cbind(apiclus1, boot), "apiclus1_boot.csv")
# More replicate types: JKn (stratified jackknife, per-replicate rscales) on apistrat; BRR
# and Fay on R's `scd` data (3 strata of 2 ambulances, as in ?as.svrepdesign).
dstrat_orig <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
jkn_orig <- as.svrepdesign(dstrat_orig, type = "JKn")
jkn <- weights(jkn_orig, "analysis")
colnames(jkn) <- sprintf("jk%03d", seq_len(ncol(jkn)))
write_data(cbind(apistrat, jkn), "apistrat_jkn.csv")
data(scd)
scd$w <- 100  # each ambulance stands for 100 (weights of 1 would make the SRS reference 0)
dscd_orig <- svydesign(data = scd, weights = ~w, id = ~ambulance, strata = ~ESA, nest = TRUE)
brr_orig <- as.svrepdesign(dscd_orig, type = "BRR")
fay_orig <- as.svrepdesign(dscd_orig, type = "Fay", fay.rho = 0.3)
scd_out <- scd
brr <- weights(brr_orig, "analysis")
colnames(brr) <- sprintf("brr%d", seq_len(ncol(brr)))
fay <- weights(fay_orig, "analysis")
colnames(fay) <- sprintf("fay%d", seq_len(ncol(fay)))
write_data(cbind(scd_out, brr, fay), "scd_brr_fay.csv")

for (rep in list(rclus1_orig, bclus1_orig)) {
  if (any(rep$rscales != 1)) stop("rscales other than 1 cannot be passed to the CLI")
}

# Population figures for the calibrated designs (issue 3), as in R survey's ?postStratify,
# ?rake and ?calibrate examples: school types and sch.wide counts of the 6194 California
# schools in apipop, and the population total of api99.
pop_stype <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop_schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
pop_totals <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = 3914069)
pop_awards <- data.frame(awards = c("No", "Yes"), Freq = c(2027, 4167))  # table(apipop$awards)
# Synthetic population margins for the synthetic two-stage survey (24,000 women).
pop_sex <- data.frame(sex = c("F", "M"), Freq = c(21000, 3000))
pop_age <- data.frame(age_group = c("15-24", "25-34", "35-49", "50+"),
                      Freq = c(8800, 8000, 4900, 2300))
pop_ts_totals <- c(`(Intercept)` = 24000, sexM = 3000, `age_group25-34` = 8000,
                   `age_group35-49` = 4900, `age_group50+` = 2300)
write_data(pop_awards, "pop_awards.csv")
write_data(pop_sex, "pop_sex.csv")
write_data(pop_age, "pop_age.csv")
write_data(data.frame(variable = c("sex", "sex", rep("age_group", 4)),
                      level = c("F", "M", "15-24", "25-34", "35-49", "50+"),
                      total = c(21000, 3000, 8800, 8000, 4900, 2300)), "totals_sex_age.csv")
write_data(pop_stype, "pop_stype.csv")
write_data(pop_schwide, "pop_schwide.csv")
write_data(data.frame(variable = c("(Intercept)", "stype", "stype", "stype", "api99"),
                      level = c("", "E", "H", "M", ""),
                      total = c(6194, 4421, 755, 1018, 3914069)), "totals_stype_api99.csv")

# A synthetic stratified two-stage survey of migrant women in three regions of Niger.
# Stage 1: enumeration areas (EAs) by SRS within region; stage 2: women by SRS within EA.
make_twostage <- function() {
  set.seed(2026)
  regions <- c(Niamey = "NIA", Zinder = "ZIN", Agadez = "AGA")
  stages <- c("origin", "transit", "destination", "return")
  stage_prob <- list(Niamey = c(.25, .15, .52), Zinder = c(.45, .25, .22),
                     Agadez = c(.15, .62, .15))  # origin, transit, destination; return per EA
  choices <- c("family", "friends", "radio", "social_media", "cso", "government", "recruiter")
  choice_prob <- c(.55, .45, .35, .30, .15, .06, .04)
  n_h <- sample(8:14, 3, replace = TRUE)
  N_h <- n_h + sample(15:60, 3, replace = TRUE)
  rows <- list()
  for (h in seq_along(regions)) {
    region <- names(regions)[h]
    for (j in seq_len(n_h[h])) {
      m <- sample(6:20, 1)
      M <- m + sample(20:200, 1)
      ea <- sprintf("%s-%02d", regions[h], j)
      ea_effect <- rnorm(1, 0, 0.6)
      sex <- sample(c("F", "M"), m, replace = TRUE, prob = c(.88, .12))
      # Returnees cluster in a few EAs, so some small domains sit in a single EA.
      p_return <- sample(c(.02, .03, .05, .3), 1)
      stage <- sample(stages, m, replace = TRUE, prob = c(stage_prob[[region]][1:3], p_return))
      disability <- rbinom(m, 1, .15)
      eta <- -0.3 + 0.5 * (region == "Niamey") + 0.4 * (stage == "destination") -
        0.6 * disability + ea_effect
      cost <- round(exp(rnorm(m, 11 + 0.3 * ea_effect, 0.7)))
      picks <- sapply(seq_len(m), function(i) {
        chosen <- choices[runif(length(choices)) < choice_prob]
        if (length(chosen) == 0) chosen <- "family"
        paste(chosen, collapse = " ")
      })
      rows[[length(rows) + 1]] <- data.frame(
        region = region, ea = ea, woman = sprintf("%s-%02d", ea, seq_len(m)), sex = sex,
        age_group = sample(c("15-24", "25-34", "35-49", "50+"), m, replace = TRUE,
                           prob = c(.35, .35, .2, .1)),
        stage = stage, disability = disability, informed = rbinom(m, 1, plogis(eta)),
        income = round(exp(rnorm(m, 10.8 + 0.3 * ea_effect + 0.3 * (sex == "M"), 0.6))),
        cost = cost, earnings = round(cost * exp(rnorm(m, 0.4, 0.5))), sources = picks,
        pw = (N_h[h] / n_h[h]) * (M / m), fpc1 = N_h[h], fpc2 = M)
    }
  }
  ts <- do.call(rbind, rows)
  n <- nrow(ts)
  ts$informed[sample(n, 5)] <- NA
  ts$income[sample(n, 8)] <- NA
  ts$sources[sample(n, round(0.06 * n))] <- NA
  ts$disability[sample(n, 3)] <- NA  # NA in a by-variable: those rows belong to no domain
  ts
}
write_data(make_twostage(), "twostage.csv")

# ---------------------------------------------------------------------------------------------
# Designs, rebuilt from the CSV files
# ---------------------------------------------------------------------------------------------

apistrat_csv <- read_data("apistrat.csv")
apiclus1_csv <- read_data("apiclus1.csv")
apiclus2_csv <- read_data("apiclus2.csv")
apisrs_csv <- read_data("apisrs.csv")
jk1_csv <- read_data("apiclus1_jk1.csv")
boot_csv <- read_data("apiclus1_boot.csv")
twostage_csv <- read_data("twostage.csv")

fmt_num <- function(x) {
  # Shortest of 15/16/17 significant digits that reads back as the same double.
  for (d in 15:17) {
    s <- sprintf("%.*g", d, x)
    if (as.numeric(s) == x) return(s)
  }
  s
}

designs_clus2_cli <- c("--weights", "pw2", "--psu", "dnum,snum", "--fpc", "fpc1,fpc2")
build_clus2 <- function(d) svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw2,
                                     data = d)

designs <- list(
  strat = list(
    file = "apistrat.csv", data = apistrat_csv,
    r = "svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)",
    cli = c("--weights", "pw", "--strata", "stype", "--fpc", "fpc"),
    build = function(d) svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = d)),
  clus1 = list(
    file = "apiclus1.csv", data = apiclus1_csv,
    r = "svydesign(id=~dnum, weights=~pw, fpc=~fpc)",
    cli = c("--weights", "pw", "--psu", "dnum", "--fpc", "fpc"),
    build = function(d) svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = d)),
  clus1wr = list(
    file = "apiclus1.csv", data = apiclus1_csv,
    r = "svydesign(id=~dnum, weights=~pw)",
    cli = c("--weights", "pw", "--psu", "dnum"),
    build = function(d) svydesign(id = ~dnum, weights = ~pw, data = d)),
  clus2 = list(
    file = "apiclus2.csv", data = apiclus2_csv,
    r = "svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, weights=~pw2)",
    cli = c("--weights", "pw2", "--psu", "dnum,snum", "--fpc", "fpc1,fpc2"),
    build = function(d) svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw2,
                                  data = d)),
  clus2wr = list(
    file = "apiclus2.csv", data = apiclus2_csv,
    r = "svydesign(id=~dnum+snum, weights=~pw)",
    cli = c("--weights", "pw", "--psu", "dnum,snum"),
    build = function(d) svydesign(id = ~dnum + snum, weights = ~pw, data = d)),
  srs = list(
    file = "apisrs.csv", data = apisrs_csv,
    r = "svydesign(id=~1, weights=~pw, fpc=~fpc)",
    cli = c("--weights", "pw", "--fpc", "fpc"),
    build = function(d) svydesign(id = ~1, weights = ~pw, fpc = ~fpc, data = d)),
  lonely = list(
    file = "apiclus1.csv", data = apiclus1_csv,
    r = "svydesign(id=~1, weights=~pw, strata=~dnum)",
    cli = c("--weights", "pw", "--strata", "dnum"),
    build = function(d) svydesign(id = ~1, weights = ~pw, strata = ~dnum, data = d)),
  jk1 = list(
    file = "apiclus1_jk1.csv", data = jk1_csv,
    r = sprintf(paste0("svrepdesign(repweights=\"repw[0-9]+\", weights=~pw, type=\"JK1\", ",
                       "combined.weights=TRUE, scale=%s, rscales=1, mse=FALSE)"),
                fmt_num(rclus1_orig$scale)),
    cli = c("--weights", "pw", "--repweights", "repw*", "--rep-type", "JK1",
            "--rep-scale", fmt_num(rclus1_orig$scale)),
    build = function(d) svrepdesign(data = d, repweights = "repw[0-9]+", weights = ~pw,
                                    type = "JK1", combined.weights = TRUE,
                                    scale = rclus1_orig$scale, rscales = rclus1_orig$rscales,
                                    mse = FALSE)),
  jk1mse = list(
    file = "apiclus1_jk1.csv", data = jk1_csv,
    r = sprintf(paste0("svrepdesign(repweights=\"repw[0-9]+\", weights=~pw, type=\"JK1\", ",
                       "combined.weights=TRUE, scale=%s, rscales=1, mse=TRUE)"),
                fmt_num(rclus1_orig$scale)),
    cli = c("--weights", "pw", "--repweights", "repw*", "--rep-type", "JK1",
            "--rep-scale", fmt_num(rclus1_orig$scale), "--rep-mse"),
    build = function(d) svrepdesign(data = d, repweights = "repw[0-9]+", weights = ~pw,
                                    type = "JK1", combined.weights = TRUE,
                                    scale = rclus1_orig$scale, rscales = rclus1_orig$rscales,
                                    mse = TRUE)),
  boot = list(
    file = "apiclus1_boot.csv", data = boot_csv,
    r = sprintf(paste0("svrepdesign(repweights=\"bw[0-9]+\", weights=~pw, type=\"bootstrap\", ",
                       "combined.weights=TRUE, scale=%s, rscales=1, mse=FALSE)"),
                fmt_num(bclus1_orig$scale)),
    cli = c("--weights", "pw", "--repweights", "bw*", "--rep-type", "bootstrap",
            "--rep-scale", fmt_num(bclus1_orig$scale)),
    build = function(d) svrepdesign(data = d, repweights = "bw[0-9]+", weights = ~pw,
                                    type = "bootstrap", combined.weights = TRUE,
                                    scale = bclus1_orig$scale, rscales = bclus1_orig$rscales,
                                    mse = FALSE)),
  jkn = list(
    file = "apistrat_jkn.csv", data = read_data("apistrat_jkn.csv"),
    r = "svrepdesign(repweights=\"jk[0-9]+\", weights=~pw, type=\"JKn\", rscales=<as.svrepdesign>)",
    cli = c("--weights", "pw", "--repweights", "jk*", "--rep-type", "JKn", "--rep-scale",
            fmt_num(jkn_orig$scale), "--rep-rscales",
            paste(vapply(jkn_orig$rscales, fmt_num, ""), collapse = ",")),
    build = function(d) svrepdesign(data = d, repweights = "jk[0-9]+", weights = ~pw,
                                    type = "JKn", combined.weights = TRUE,
                                    scale = jkn_orig$scale, rscales = jkn_orig$rscales,
                                    mse = FALSE)),
  brr = list(
    file = "scd_brr_fay.csv", data = read_data("scd_brr_fay.csv"),
    r = "svrepdesign(repweights=\"brr[0-9]+\", weights=~w, type=\"BRR\")",
    cli = c("--weights", "w", "--repweights", "brr*", "--rep-type", "BRR"),
    build = function(d) svrepdesign(data = d, repweights = "brr[0-9]+", weights = ~w,
                                    type = "BRR", combined.weights = TRUE, mse = FALSE)),
  fay = list(
    file = "scd_brr_fay.csv", data = read_data("scd_brr_fay.csv"),
    r = "svrepdesign(repweights=\"fay[0-9]+\", weights=~w, type=\"Fay\", rho=0.3)",
    cli = c("--weights", "w", "--repweights", "fay*", "--rep-type", "Fay", "--rep-scale",
            fmt_num(fay_orig$scale)),
    build = function(d) svrepdesign(data = d, repweights = "fay[0-9]+", weights = ~w,
                                    type = "Fay", rho = 0.3, combined.weights = TRUE,
                                    mse = FALSE)),
  sdr = list(
    file = "apiclus1_jk1.csv", data = jk1_csv,
    r = "svrepdesign(repweights=\"repw[0-9]+\", weights=~pw, type=\"successive-difference\")",
    cli = c("--weights", "pw", "--repweights", "repw*", "--rep-type", "SDR"),
    build = function(d) svrepdesign(data = d, repweights = "repw[0-9]+", weights = ~pw,
                                    type = "successive-difference", combined.weights = TRUE,
                                    mse = FALSE)),
  # Calibrated designs (issue 3): the cluster sample apiclus1 and its JK1 replicates,
  # post-stratified, raked and calibrated (GREG linear, raking and logit distances).
  ps_clus1 = list(
    file = "apiclus1.csv", data = apiclus1_csv,
    r = "postStratify(svydesign(id=~dnum, weights=~pw, fpc=~fpc), ~stype, pop_stype)",
    cli = c("--weights", "pw", "--psu", "dnum", "--fpc", "fpc",
            "--poststratify", "stype=data/pop_stype.csv"),
    build = function(d) postStratify(svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = d),
                                     ~stype, pop_stype)),
  rake_clus1 = list(
    file = "apiclus1.csv", data = apiclus1_csv,
    r = "rake(svydesign(id=~dnum, weights=~pw, fpc=~fpc), list(~stype, ~sch.wide), list(pop_stype, pop_schwide))",
    cli = c("--weights", "pw", "--psu", "dnum", "--fpc", "fpc",
            "--rake", "stype=data/pop_stype.csv", "--rake", "sch.wide=data/pop_schwide.csv"),
    build = function(d) rake(svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = d),
                             list(~stype, ~sch.wide), list(pop_stype, pop_schwide))),
  cal_linear_clus1 = list(
    file = "apiclus1.csv", data = apiclus1_csv,
    r = "calibrate(svydesign(id=~dnum, weights=~pw, fpc=~fpc), ~stype+api99, pop_totals)",
    cli = c("--weights", "pw", "--psu", "dnum", "--fpc", "fpc",
            "--calibrate", "data/totals_stype_api99.csv"),
    build = function(d) calibrate(svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = d),
                                  ~stype + api99, pop_totals)),
  cal_raking_clus1 = list(
    file = "apiclus1.csv", data = apiclus1_csv,
    r = "calibrate(svydesign(id=~dnum, weights=~pw, fpc=~fpc), ~stype+api99, pop_totals, calfun=\"raking\")",
    cli = c("--weights", "pw", "--psu", "dnum", "--fpc", "fpc",
            "--calibrate", "data/totals_stype_api99.csv", "--calibrate-method", "raking"),
    build = function(d) calibrate(svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = d),
                                  ~stype + api99, pop_totals, calfun = "raking")),
  cal_logit_clus1 = list(
    file = "apiclus1.csv", data = apiclus1_csv,
    r = "calibrate(svydesign(id=~dnum, weights=~pw, fpc=~fpc), ~stype+api99, pop_totals, calfun=\"logit\", bounds=c(0.7, 1.7))",
    cli = c("--weights", "pw", "--psu", "dnum", "--fpc", "fpc",
            "--calibrate", "data/totals_stype_api99.csv", "--calibrate-method", "logit",
            "--bounds", "0.7,1.7"),
    build = function(d) calibrate(svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = d),
                                  ~stype + api99, pop_totals, calfun = "logit",
                                  bounds = c(0.7, 1.7))),
  # The two-stage cluster sample apiclus2 (districts, then schools, fpc at both stages):
  # R residualises the influence values on the calibration variables, then takes the full
  # multistage variance of the residuals.
  ps_clus2 = list(
    file = "apiclus2.csv", data = apiclus2_csv,
    r = "postStratify(svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, weights=~pw2), ~stype, pop_stype)",
    cli = c(designs_clus2_cli, "--poststratify", "stype=data/pop_stype.csv"),
    build = function(d) postStratify(build_clus2(d), ~stype, pop_stype)),
  rake_clus2 = list(
    file = "apiclus2.csv", data = apiclus2_csv,
    r = "rake(svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, weights=~pw2), list(~stype, ~sch.wide), list(pop_stype, pop_schwide))",
    cli = c(designs_clus2_cli, "--rake", "stype=data/pop_stype.csv",
            "--rake", "sch.wide=data/pop_schwide.csv"),
    build = function(d) rake(build_clus2(d), list(~stype, ~sch.wide),
                             list(pop_stype, pop_schwide))),
  cal_linear_clus2 = list(
    file = "apiclus2.csv", data = apiclus2_csv,
    r = "calibrate(svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, weights=~pw2), ~stype+api99, pop_totals)",
    cli = c(designs_clus2_cli, "--calibrate", "data/totals_stype_api99.csv"),
    build = function(d) calibrate(build_clus2(d), ~stype + api99, pop_totals)),
  cal_raking_clus2 = list(
    file = "apiclus2.csv", data = apiclus2_csv,
    r = "calibrate(svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, weights=~pw2), ~stype+api99, pop_totals, calfun=\"raking\")",
    cli = c(designs_clus2_cli, "--calibrate", "data/totals_stype_api99.csv",
            "--calibrate-method", "raking"),
    build = function(d) calibrate(build_clus2(d), ~stype + api99, pop_totals,
                                  calfun = "raking")),
  ps_strat = list(
    file = "apistrat.csv", data = apistrat_csv,
    r = "postStratify(svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc), ~awards, pop_awards)",
    cli = c("--weights", "pw", "--strata", "stype", "--fpc", "fpc",
            "--poststratify", "awards=data/pop_awards.csv"),
    build = function(d) postStratify(svydesign(id = ~1, strata = ~stype, weights = ~pw,
                                               fpc = ~fpc, data = d), ~awards, pop_awards)),
  rake_ts1 = list(
    file = "twostage.csv", data = twostage_csv,
    r = "rake(svydesign(id=~ea, strata=~region, weights=~pw), list(~sex, ~age_group), list(pop_sex, pop_age))",
    cli = c("--weights", "pw", "--strata", "region", "--psu", "ea",
            "--rake", "sex=data/pop_sex.csv", "--rake", "age_group=data/pop_age.csv"),
    build = function(d) rake(svydesign(id = ~ea, strata = ~region, weights = ~pw, data = d),
                             list(~sex, ~age_group), list(pop_sex, pop_age))),
  cal_linear_ts1 = list(
    file = "twostage.csv", data = twostage_csv,
    r = "calibrate(svydesign(id=~ea, strata=~region, weights=~pw), ~sex+age_group, pop_ts_totals)",
    cli = c("--weights", "pw", "--strata", "region", "--psu", "ea",
            "--calibrate", "data/totals_sex_age.csv"),
    build = function(d) calibrate(svydesign(id = ~ea, strata = ~region, weights = ~pw, data = d),
                                  ~sex + age_group, pop_ts_totals)),
  ps_jk1 = list(
    file = "apiclus1_jk1.csv", data = jk1_csv,
    r = "postStratify(<jk1 svrepdesign>, ~stype, pop_stype)",
    cli = c("--weights", "pw", "--repweights", "repw*", "--rep-type", "JK1",
            "--rep-scale", fmt_num(rclus1_orig$scale),
            "--poststratify", "stype=data/pop_stype.csv"),
    build = function(d) postStratify(designs$jk1$build(d), ~stype, pop_stype)),
  rake_jk1 = list(
    file = "apiclus1_jk1.csv", data = jk1_csv,
    r = "rake(<jk1 svrepdesign>, list(~stype, ~sch.wide), list(pop_stype, pop_schwide))",
    cli = c("--weights", "pw", "--repweights", "repw*", "--rep-type", "JK1",
            "--rep-scale", fmt_num(rclus1_orig$scale),
            "--rake", "stype=data/pop_stype.csv", "--rake", "sch.wide=data/pop_schwide.csv"),
    build = function(d) rake(designs$jk1$build(d), list(~stype, ~sch.wide),
                             list(pop_stype, pop_schwide))),
  cal_linear_jk1 = list(
    file = "apiclus1_jk1.csv", data = jk1_csv,
    r = "calibrate(<jk1 svrepdesign>, ~stype+api99, pop_totals)",
    cli = c("--weights", "pw", "--repweights", "repw*", "--rep-type", "JK1",
            "--rep-scale", fmt_num(rclus1_orig$scale),
            "--calibrate", "data/totals_stype_api99.csv"),
    build = function(d) calibrate(designs$jk1$build(d), ~stype + api99, pop_totals,
                                  compress = FALSE)),
  cal_raking_jk1 = list(
    file = "apiclus1_jk1.csv", data = jk1_csv,
    r = "calibrate(<jk1 svrepdesign>, ~stype+api99, pop_totals, calfun=\"raking\")",
    cli = c("--weights", "pw", "--repweights", "repw*", "--rep-type", "JK1",
            "--rep-scale", fmt_num(rclus1_orig$scale),
            "--calibrate", "data/totals_stype_api99.csv", "--calibrate-method", "raking"),
    build = function(d) calibrate(designs$jk1$build(d), ~stype + api99, pop_totals,
                                  calfun = "raking", compress = FALSE)),
  ts2 = list(
    file = "twostage.csv", data = twostage_csv,
    r = "svydesign(id=~ea+woman, strata=~region, fpc=~fpc1+fpc2, weights=~pw)",
    cli = c("--weights", "pw", "--strata", "region", "--psu", "ea,woman", "--fpc", "fpc1,fpc2"),
    build = function(d) svydesign(id = ~ea + woman, strata = ~region, fpc = ~fpc1 + fpc2,
                                  weights = ~pw, data = d)),
  ts1 = list(
    file = "twostage.csv", data = twostage_csv,
    r = "svydesign(id=~ea, strata=~region, weights=~pw)",
    cli = c("--weights", "pw", "--strata", "region", "--psu", "ea"),
    build = function(d) svydesign(id = ~ea, strata = ~region, weights = ~pw, data = d))
)

# ---------------------------------------------------------------------------------------------
# Statistics on one domain design
# ---------------------------------------------------------------------------------------------

SOURCES_CHOICES <- c("family", "friends", "radio", "social_media", "cso", "government",
                     "recruiter")

# Request constructors: what the CLI flag says, and what R computes.
mean_of <- function(v) list(type = "mean", vars = v, label = v, cli = c("--mean", v))
total_of <- function(v) list(type = "total", vars = v, label = v, cli = c("--total", v))
prop_of <- function(v) list(type = "prop", vars = v, label = v, cli = c("--prop", v))
ratio_of <- function(num, den) list(type = "ratio", vars = c(num, den), num = num, den = den,
                                    label = paste0(num, "/", den),
                                    cli = c("--ratio", paste0(num, ":", den)))
quantile_of <- function(v, p) list(type = "quantile", vars = v, p = p, label = v,
                                   cli = c("--quantile", paste0(v, ":", p)))
select_multiple_of <- function(v, choices) list(type = "select_multiple", vars = v, label = v,
                                                choices = choices, cli = c("--prop-multiple", v))

sampling_weights <- function(d) {
  if (inherits(d, "svyrep.design")) weights(d, "sampling") else weights(d)
}

# Rows of a domain: a subset of a calibrated design keeps every row with weight 0
# (`[.survey.design2` sets prob to Inf), so count the rows with a finite prob.
n_rows <- function(d) {
  if (inherits(d, "survey.design2") && !is.null(d$postStrata)) sum(is.finite(d$prob)) else nrow(d)
}

# One output row. `NULL`-free: non-finite numbers become NA (written as null).
result_row <- function(statistic, variable, level, est, se, ci, deff, d, df) {
  list(statistic = statistic, variable = variable, level = level,
       estimate = unname(est), se = unname(se), ci_low = unname(ci[1]), ci_high = unname(ci[2]),
       deff = unname(deff), n = n_rows(d), n_weighted = sum(sampling_weights(d)), df = df)
}

# Confidence interval of one proportion (a 0/1 column `ind__` in d) by the requested method.
prop_ci <- function(d, m, k, method, level, ci_df) {
  # Rows of the domain only: a subset of a calibrated design keeps the others at weight 0.
  ind <- d$variables$ind__[sampling_weights(d) != 0]
  if (method == "wald") return(confint(m, df = ci_df, level = level)[k, ])
  if (all(ind == 1) || all(ind == 0)) return(c(NA, NA))  # logit/beta undefined at p = 0 or 1
  ci <- confint(svyciprop(~I(ind__ == 1), d, method = method, level = level, df = ci_df))
  as.vector(ci)
}

with_indicator <- function(d, x) {
  d$variables$ind__ <- as.numeric(x)
  d
}

# The indicator means must equal the columns of svymean(~factor(v)).
check_factor_mean <- function(v, lev, d) {
  s <- svymean(as.formula(paste0("~factor(`", v, "`)")), d, deff = TRUE)
  for (k in seq_along(lev)) {
    dk <- with_indicator(d, as.character(d$variables[[v]]) == lev[k])
    t <- svymean(~ind__, dk, deff = TRUE)
    a <- c(coef(s)[k], SE(s)[k], deff(s)[k])
    b <- c(coef(t), SE(t), deff(t))
    if (!isTRUE(all.equal(unname(a), unname(b), tolerance = 1e-12)))
      stop("svymean(~factor(", v, ")) and the indicator mean disagree at level ", lev[k])
  }
}

# On a calibrated design the weights' last bits depend on the order sums were added in. Where
# a domain's weights are equal and p * n is whole, the share at some data value is p exactly in
# exact arithmetic, and qrule_math returns that value; R's rounding may leave the share at
# p - 1e-16, and R then returns the next value. For such rows this records what R gives for
# the exact-arithmetic quantile: that value and R's own Woodruff interval around it.
tie_alternative <- function(d, v, p, qhat, L, ci_df) {
  if (is.null(d$postStrata)) return(NULL)
  w <- weights(d)
  x <- d$variables[[v]]
  keep <- w != 0
  o <- order(x[keep])
  share <- cumsum(w[keep][o]) / sum(w[keep])
  k <- which(abs(share - p) <= 1e-12)
  if (!length(k)) return(NULL)
  q <- x[keep][o][k[1]]
  if (q == qhat) return(NULL)
  ci <- survey:::woodruffCI(x, q, p, d, survey:::qrule_math, 1 - L, ci_df)
  crit <- if (ci_df == Inf) qnorm(1 - (1 - L) / 2) else qt(1 - (1 - L) / 2, df = ci_df)
  list(estimate = q, se = as.numeric(diff(ci) / (2 * crit)), ci_low = unname(ci[1]),
       ci_high = unname(ci[2]), share_gap = share[k[1]] - p)
}

rows_for_request <- function(req, d, opt) {
  df <- degf(d)
  ci_df <- if (opt$df == "inf") Inf else df
  L <- opt$level
  v <- req$vars[1]
  switch(req$type,
    mean = , total = {
      f <- if (req$type == "mean") svymean else svytotal
      s <- f(as.formula(paste0("~`", v, "`")), d, deff = TRUE)
      list(result_row(req$type, req$label, "", coef(s), SE(s),
                      confint(s, df = ci_df, level = L), deff(s), d, df))
    },
    ratio = {
      s <- svyratio(as.formula(paste0("~`", req$num, "`")),
                    as.formula(paste0("~`", req$den, "`")), d, deff = TRUE)
      list(result_row("ratio", req$label, "", coef(s), SE(s),
                      confint(s, df = ci_df, level = L), deff(s), d, df))
    },
    quantile = {
      s <- svyquantile(as.formula(paste0("~`", v, "`")), d, quantiles = req$p, ci = TRUE,
                       alpha = 1 - L, df = ci_df)
      row <- result_row("quantile", req$label, as.character(req$p), coef(s), SE(s),
                        confint(s), NA, d, df)
      tie <- tie_alternative(d, v, req$p, coef(s), L, ci_df)
      if (!is.null(tie)) row$tie <- tie
      list(row)
    },
    prop = {
      # Each level as the mean of its 0/1 indicator: the column svymean(~factor(v)) would give,
      # and defined also when the domain holds a single level (factor() then fails).
      lev <- levels(factor(d$variables[[v]]))
      if (length(lev) > 1) check_factor_mean(v, lev, d)
      lapply(lev, function(lev) {
        dk <- with_indicator(d, as.character(d$variables[[v]]) == lev)
        s <- svymean(~ind__, dk, deff = TRUE)
        result_row("prop", req$label, lev, coef(s), SE(s),
                   prop_ci(dk, s, 1, opt$ci_method, L, ci_df), deff(s), d, df)
      })
    },
    select_multiple = {
      lapply(req$choices, function(ch) {
        dk <- with_indicator(d, grepl(paste0("\\b", ch, "\\b"), d$variables[[v]]))
        s <- svymean(~ind__, dk, deff = TRUE)
        result_row("prop", req$label, ch, coef(s), SE(s),
                   prop_ci(dk, s, 1, opt$ci_method, L, ci_df), deff(s), d, df)
      })
    })
}

# Rows of the design in the universe and domain with the request's variables observed.
analysis_rows <- function(dat, in_domain, req, na) {
  missing_value <- Reduce(`|`, lapply(req$vars, function(v) is.na(dat[[v]])))
  if (na == "fail" && any(in_domain & missing_value))
    stop("case uses na=fail but ", paste(req$vars, collapse = ","), " has NA in a domain")
  in_domain & !missing_value
}

# With na="drop", the row subset above must give what R's own na.rm=TRUE gives.
check_na_rm <- function(req, des, in_domain, d) {
  if (!req$type %in% c("mean", "total")) return(invisible())
  f <- if (req$type == "mean") svymean else svytotal
  fm <- as.formula(paste0("~`", req$vars, "`"))
  a <- f(fm, des[in_domain, ], na.rm = TRUE)
  b <- f(fm, d)
  if (!isTRUE(all.equal(c(coef(a), SE(a)), c(coef(b), SE(b)), tolerance = 1e-13)))
    stop("na.rm=TRUE and the observed-rows subset disagree for ", req$label)
}

# All domains of one cut (character vector of by-variables; empty = overall) in the universe.
domains_of_cut <- function(dat, universe, cut) {
  if (length(cut) == 0) return(list(list(rows = universe, values = list())))
  keyed <- universe & Reduce(`&`, lapply(cut, function(v) !is.na(dat[[v]])))
  keys <- unique(dat[keyed, cut, drop = FALSE])
  keys <- keys[do.call(order, unname(lapply(keys, as.character))), , drop = FALSE]
  lapply(seq_len(nrow(keys)), function(i) {
    rows <- keyed
    for (v in cut) rows <- rows & as.character(dat[[v]]) == as.character(keys[[v]][i])
    values <- lapply(cut, function(v) as.character(keys[[v]][i]))
    names(values) <- cut
    list(rows = rows, values = values)
  })
}

# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------

run_case <- function(id, design, requests, by = list(), where = NULL, na = "fail",
                     lonely = "fail", ci_method = "logit", level = 0.95, df = "design",
                     expect_error = NULL, notes = NULL) {
  spec <- designs[[design]]
  options(survey.lonely.psu = lonely)
  opt <- list(ci_method = ci_method, level = level, df = df)
  dat <- spec$data
  des <- spec$build(dat)
  universe <- rep(TRUE, nrow(dat))
  if (!is.null(where)) {
    r <- eval(parse(text = where$r), dat)
    universe <- r & !is.na(r)
  }
  cli <- c("estimate", file.path("data", spec$file), spec$cli)
  for (req in requests) cli <- c(cli, req$cli)
  for (cut in by) cli <- c(cli, "--by", paste(cut, collapse = ","))
  if (!is.null(where)) cli <- c(cli, "--where", where$sql)
  if (na != "fail") cli <- c(cli, "--na", na)
  if (lonely != "fail") cli <- c(cli, "--lonely-psu", lonely)
  if (ci_method != "logit") cli <- c(cli, "--ci-method", ci_method)
  if (level != 0.95) cli <- c(cli, "--ci-level", fmt_num(level))
  if (df != "design") cli <- c(cli, "--df", df)

  warnings <- character()
  rows <- list()
  error <- NULL
  withCallingHandlers(
    tryCatch({
      for (req in requests) {
        for (cut in c(list(character()), by)) {
          for (dom in domains_of_cut(dat, universe, cut)) {
            keep <- analysis_rows(dat, dom$rows, req, na)
            if (!any(keep)) next
            d <- des[keep, ]  # == subset(des, keep): rows dropped, design PSU counts kept
            if (na == "drop") check_na_rm(req, des, dom$rows, d)
            for (row in rows_for_request(req, d, opt)) {
              row <- c(row[1:3], list(by = paste(cut, collapse = "+"),
                                      by_values = dom$values), row[-(1:3)])
              rows[[length(rows) + 1]] <- row
            }
          }
        }
      }
    }, error = function(e) error <<- conditionMessage(e)),
    warning = function(w) {
      warnings <<- union(warnings, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  if (!is.null(expect_error)) {
    if (is.null(error)) stop(id, ": expected an error from R, got none")
    rows <- list()
  } else if (!is.null(error)) {
    stop(id, ": ", error)
  }
  sm <- Filter(function(r) r$type == "select_multiple", requests)
  case <- list(id = id, data = file.path("data", spec$file), args = cli,
               r_design = spec$r, lonely_psu = lonely, na = na, ci_method = ci_method,
               ci_level = level, df = df,
               where_r = if (is.null(where)) NULL else where$r)
  if (length(sm)) {
    case$select_multiple <- setNames(lapply(sm, `[[`, "choices"), sapply(sm, `[[`, "vars"))
  }
  if (!is.null(expect_error)) {
    case$expect_error <- expect_error
    case$r_error <- error
  }
  case$r_warnings <- sort(warnings)
  if (!is.null(notes)) case$notes <- notes
  case$rows <- rows
  case
}

api_strat_requests <- list(mean_of("api00"), total_of("enroll"), prop_of("sch.wide"),
                           ratio_of("api.stu", "enroll"), quantile_of("api00", 0.5),
                           quantile_of("api00", 0.25))
ts_requests <- list(mean_of("informed"), mean_of("income"), prop_of("stage"),
                    select_multiple_of("sources", SOURCES_CHOICES), ratio_of("cost", "earnings"),
                    quantile_of("income", 0.5))
SM_NOTE <- paste("`sources` is a select_multiple (space-separated choice names): each choice",
                 "is a proportion among rows with non-NA sources; level = choice name.",
                 "safemig reads it with --prop-multiple; the case's `select_multiple` field",
                 "lists the choices.")

cases <- list(
  run_case("apistrat_main", "strat", api_strat_requests,
           by = list("stype", "awards", c("stype", "awards")), na = "drop"),
  run_case("apistrat_where_api99", "strat", api_strat_requests, by = list("stype"),
           where = list(r = "api99 > 600", sql = "api99 > 600"), na = "drop"),
  run_case("apistrat_df_inf", "strat",
           list(mean_of("api00"), prop_of("sch.wide"), ratio_of("api.stu", "enroll"),
                quantile_of("api00", 0.5)),
           by = list("stype"), df = "inf",
           notes = "df column is degf(domain); the CIs use df=Inf (normal quantiles)."),
  run_case("apistrat_prop_beta", "strat", list(prop_of("awards")), by = list("stype"),
           ci_method = "beta",
           notes = paste("svyciprop beta: n.eff uses nrow(domain)-1 and degf(domain)",
                         "internally, whatever df is passed.")),
  run_case("apistrat_prop_wald", "strat", list(prop_of("awards")), by = list("stype"),
           ci_method = "wald"),
  run_case("apistrat_level90", "strat",
           list(mean_of("api00"), total_of("enroll"), prop_of("sch.wide"),
                quantile_of("api00", 0.5)),
           by = list("stype"), level = 0.90,
           notes = "Quantile se depends on the level: se = (ci_high-ci_low)/(2*qt(1-alpha/2, df))."),
  run_case("apiclus1_main", "clus1",
           list(mean_of("api00"), mean_of("api99"), total_of("enroll"), prop_of("stype")),
           by = list("stype", c("stype", "sch.wide"))),
  run_case("apiclus1_where_schwide_compimp", "clus1", list(total_of("enroll")),
           by = list("stype"),
           where = list(r = "sch.wide == \"Yes\" & comp.imp == \"Yes\"",
                        sql = "\"sch.wide\" = 'Yes' AND \"comp.imp\" = 'Yes'")),
  run_case("apiclus1_wr_by_stype", "clus1wr", list(mean_of("api00")), by = list("stype")),
  run_case("apiclus1_ciprop_logit", "clus1", list(prop_of("ell0")),
           notes = "Level '1' is svyciprop(~I(ell==0), dclus1, method='logit')."),
  run_case("apiclus1_ciprop_beta", "clus1", list(prop_of("ell0")), ci_method = "beta",
           notes = "Level '1' is svyciprop(~I(ell==0), dclus1, method='beta')."),
  run_case("apiclus2_fpc", "clus2", list(mean_of("api00"), total_of("enroll")),
           by = list("stype"), na = "drop",
           notes = "pw2 = weights(svydesign(id=~dnum+snum, fpc=~fpc1+fpc2)); equals pw to 1e-12."),
  run_case("apiclus2_wr", "clus2wr", list(mean_of("api00"), total_of("enroll")),
           by = list("stype"), na = "drop"),
  run_case("apisrs_main", "srs", list(mean_of("growth"), quantile_of("api00", 0.5))),
  run_case("lonely_fail", "lonely", list(mean_of("api00")), expect_error = "LonelyPSUError",
           notes = "Stratum dnum=413 has a single PSU; the default policy must refuse."),
  run_case("lonely_adjust", "lonely", list(mean_of("api00")), lonely = "adjust"),
  run_case("lonely_remove", "lonely", list(mean_of("api00")), lonely = "remove"),
  run_case("lonely_certainty", "lonely", list(mean_of("api00")), lonely = "certainty"),
  run_case("lonely_average", "lonely", list(mean_of("api00")), lonely = "average"),
  run_case("lonely_by_stype_adjust", "lonely", list(mean_of("api00")), by = list("stype"),
           lonely = "adjust"),
  run_case("lonely_by_stype_average", "lonely", list(mean_of("api00")), by = list("stype"),
           lonely = "average"),
  run_case("jk1_main", "jk1",
           list(mean_of("api00"), total_of("enroll"), prop_of("stype"),
                quantile_of("api00", 0.5)),
           by = list("stype"),
           notes = "df = degf(domain) = QR rank of the domain's replicate weights - 1."),
  run_case("jk1_mse", "jk1mse", list(mean_of("api00")), by = list("stype")),
  run_case("jkn_main", "jkn", list(mean_of("api00"), prop_of("awards")), by = list("stype"),
           notes = "JKn from as.svrepdesign(dstrat, type='JKn'): rscales (n_h-1)/n_h x fpc."),
  # No ratio here: survey 4.1-1's svyratio(deff=TRUE) fails on replicate designs
  # ("incorrect number of dimensions"); ratios on replicate designs are in the JK1 cases.
  run_case("brr_main", "brr", list(mean_of("arrests"), total_of("alive"), mean_of("alive"))),
  run_case("fay_main", "fay", list(mean_of("arrests"), total_of("alive"), mean_of("alive"))),
  run_case("sdr_main", "sdr", list(mean_of("api00"), total_of("enroll")), by = list("stype"),
           na = "drop", notes = "SDR with R's default scale 4/R (no --rep-scale)."),
  run_case("boot_main", "boot", list(mean_of("api00"), prop_of("sch.wide")),
           by = list("stype")),
  run_case("twostage_fpc_main", "ts2", ts_requests,
           by = list("region", "sex", c("region", "stage")), na = "drop", notes = SM_NOTE),
  run_case("twostage_fpc_rsd_adjust", "ts2", ts_requests,
           by = list(c("region", "stage", "disability")), na = "drop", lonely = "adjust",
           notes = c(SM_NOTE, "Some domains have members in only one EA of their region.")),
  run_case("twostage_fpc_rsd_average", "ts2", ts_requests,
           by = list(c("region", "stage", "disability"), c("stage", "disability")),
           na = "drop", lonely = "average",
           notes = c(SM_NOTE, paste("R 4.1-1 applies 'average' at stage 2 too: a domain with",
                                    "one member in some EA (one SSU of that EA) gets NaN",
                                    "(null) se and CI, so most small domains are null here."))),
  run_case("twostage_nofpc_rsd_average", "ts1", ts_requests,
           by = list(c("region", "stage", "disability"), c("stage", "disability")),
           na = "drop", lonely = "average",
           notes = c(SM_NOTE, paste("Single-stage variance: 'average' acts on strata (regions)",
                                    "where the domain has members in one EA only."))),
  run_case("twostage_fpc_where_female", "ts2", ts_requests,
           by = list("region", c("region", "stage")), na = "drop",
           where = list(r = "sex == \"F\"", sql = "sex = 'F'"), notes = SM_NOTE),
  run_case("twostage_nofpc_main", "ts1", ts_requests,
           by = list("region", "sex", c("region", "stage")), na = "drop", notes = SM_NOTE),
  run_case("twostage_nofpc_rsd_adjust", "ts1", ts_requests,
           by = list(c("region", "stage", "disability")), na = "drop", lonely = "adjust",
           notes = c(SM_NOTE, "Some domains have members in only one EA of their region."))
)
# Calibrated designs (issue 3): every statistic but quantiles (their cases follow), overall and
# by two cuts.
cal_requests <- list(mean_of("api00"), total_of("enroll"), prop_of("sch.wide"),
                     ratio_of("api.stu", "enroll"))
cal_rep_requests <- list(mean_of("api00"), total_of("enroll"), prop_of("sch.wide"))
for (cal in c("ps", "rake", "cal_linear", "cal_raking", "cal_logit")) {
  cases[[length(cases) + 1]] <- run_case(paste0(cal, "_clus1"), paste0(cal, "_clus1"),
                                         cal_requests, by = list("stype", "awards"))
}
cases[[length(cases) + 1]] <- run_case("ps_strat", "ps_strat", cal_requests,
                                       by = list("stype", "awards"), na = "drop")
# Variables without NA: in a subset of a calibrated design the rows outside keep their
# values (at weight 0), so an NA there would make R's estimate NA without na.rm.
cal_ts_requests <- list(mean_of("cost"), total_of("earnings"), prop_of("stage"),
                        ratio_of("cost", "earnings"))
for (cal in c("rake_ts1", "cal_linear_ts1")) {
  cases[[length(cases) + 1]] <- run_case(cal, cal, cal_ts_requests,
                                         by = list("region", c("region", "stage")),
                                         notes = "Some region x stage domains sit in one EA.")
}
# Two-stage calibrated designs: variables without NA in apiclus2 (see above).
cal_clus2_requests <- list(mean_of("api00"), total_of("api.stu"), prop_of("sch.wide"),
                           ratio_of("api00", "api99"))
for (cal in c("ps", "rake", "cal_linear", "cal_raking")) {
  cases[[length(cases) + 1]] <- run_case(paste0(cal, "_clus2"), paste0(cal, "_clus2"),
                                         cal_clus2_requests, by = list("stype", "awards"))
}
# Quantiles on calibrated designs with linearised variance (issue 3): median and quartiles,
# overall and by stype. R's Woodruff interval calls svymean(x <= q, design) on the calibrated
# design, so the share's influence values are residualised on the calibration variables.
cal_q_requests <- list(quantile_of("api00", 0.5), quantile_of("api00", 0.25),
                       quantile_of("api00", 0.75))
for (cal in c("ps_clus1", "rake_clus1", "cal_linear_clus1", "cal_raking_clus1",
              "cal_logit_clus1", "ps_clus2", "rake_clus2", "cal_linear_clus2",
              "cal_raking_clus2")) {
  cases[[length(cases) + 1]] <- run_case(paste0(cal, "_quantiles"), cal, cal_q_requests,
                                         by = list("stype"))
}
cases[[length(cases) + 1]] <- run_case(
  "ps_clus1_quantiles_where", "ps_clus1", cal_q_requests, by = list("sch.wide"),
  where = list(r = "api99 > 600", sql = "api99 > 600"),
  notes = "Universe: a subset of the calibrated design (rows outside kept at weight 0).")
cases[[length(cases) + 1]] <- run_case(
  "rake_ts1_quantiles", "rake_ts1", list(quantile_of("cost", 0.5), quantile_of("cost", 0.25)),
  by = list("region"), notes = "Stratified (regions), raked on sex and age group.")
for (cal in c("ps", "rake", "cal_linear", "cal_raking")) {
  cases[[length(cases) + 1]] <- run_case(paste0(cal, "_jk1"), paste0(cal, "_jk1"),
                                         cal_rep_requests, by = list("stype", "awards"))
}
names(cases) <- sapply(cases, `[[`, "id")
if (anyDuplicated(names(cases))) stop("duplicate case ids")

# ---------------------------------------------------------------------------------------------
# Sanity: published values (survey package documentation and examples) must be reproduced
# ---------------------------------------------------------------------------------------------

find_row <- function(case, statistic, variable) {
  hits <- Filter(function(r) r$statistic == statistic && r$variable == variable && r$by == "",
                 cases[[case]]$rows)
  if (length(hits) != 1) stop("sanity: ", case, " has ", length(hits), " rows for ", variable)
  hits[[1]]
}
expect_published <- function(case, field, value, digits = 5, variable = "api00",
                             statistic = "mean") {
  got <- find_row(case, statistic, variable)[[field]]
  if (signif(got, digits) != value)
    stop("sanity: ", case, " ", field, " = ", got, ", published ", value)
}
expect_published("apistrat_main", "estimate", 662.29)
expect_published("apistrat_main", "se", 9.4089)
expect_published("apiclus1_main", "se", 23.542)
expect_published("apiclus2_fpc", "se", 30.099)
expect_published("apiclus2_wr", "se", 30.712)
expect_published("jk1_main", "se", 26.329)
expect_published("jk1_mse", "se", 26.335)
expect_published("lonely_remove", "se", 5.8058)
expect_published("lonely_adjust", "se", 5.8281)
expect_published("lonely_average", "se", 6.0096)
expect_published("apisrs_main", "se", 2.0905, variable = "growth")
# ?postStratify, ?rake and ?calibrate print these for dclus1 (survey 4.1-1)
expect_published("ps_clus1", "se", 23.92, digits = 4)
expect_published("rake_clus1", "se", 23.704)
expect_published("cal_linear_clus1", "se", 3.4418)

# The synthetic survey must exercise domain-lonely strata: a region x stage x disability domain
# with two or more women all in one EA, and a stage x disability domain that is lonely in one
# region but spans two or more EAs in another (so 'average' rescales rather than gives NaN).
ts <- twostage_csv[!is.na(twostage_csv$disability), ]
dom <- paste(ts$stage, ts$disability)
eas <- tapply(ts$ea, list(dom, ts$region), function(e) length(unique(e)))
women <- tapply(ts$ea, list(dom, ts$region), length)
if (!any(eas == 1 & women >= 2, na.rm = TRUE))
  stop("twostage.csv: no region x stage x disability domain with 2+ women in one EA")
if (!any(apply(eas, 1, function(e) any(e == 1, na.rm = TRUE) && any(e >= 2, na.rm = TRUE))))
  stop("twostage.csv: no stage x disability domain lonely in one region only")

# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

# Numbers are written as the shortest decimal that reads back as the same double;
# NA, NaN and +-Inf become null.
as_json_number <- function(x) {
  structure(if (is.na(x) || !is.finite(x)) "null" else fmt_num(x), class = "json")
}
encode_numbers <- function(x) {
  if (is.list(x)) {
    if (length(x) == 0 && !is.null(names(x))) return(x)
    return(lapply(x, encode_numbers))
  }
  if (is.numeric(x) && length(x) == 1 && !inherits(x, "AsIs")) return(as_json_number(x))
  x
}
empty_object <- structure(list(), names = character(0))
for (i in seq_along(cases)) {
  for (j in seq_along(cases[[i]]$rows)) {
    if (length(cases[[i]]$rows[[j]]$by_values) == 0) cases[[i]]$rows[[j]]$by_values <- empty_object
  }
  cases[[i]]$args <- I(cases[[i]]$args)
  cases[[i]]$r_warnings <- I(cases[[i]]$r_warnings)
  if (!is.null(cases[[i]]$notes)) cases[[i]]$notes <- I(cases[[i]]$notes)
  if (!is.null(cases[[i]]$select_multiple)) {
    cases[[i]]$select_multiple <- lapply(cases[[i]]$select_multiple, I)
  }
}

goldens <- list(
  about = paste("Golden values from R package survey for safemig's estimation engine.",
                "Made by tests/golden/make_goldens.R; see tests/golden/README.md."),
  r_version = R.version.string,
  survey_version = as.character(packageVersion("survey")),
  options = list(survey.adjust.domain.lonely = TRUE, survey.lonely.psu = "per case"),
  tolerance = list(relative = 1e-8),
  n_cases = length(cases),
  n_rows = sum(sapply(cases, function(k) length(k$rows))),
  cases = unname(cases)
)
json <- toJSON(encode_numbers(goldens), auto_unbox = TRUE, pretty = TRUE, null = "null",
               na = "null", json_verbatim = TRUE)
writeLines(json, file.path(out_dir, "goldens.json"), useBytes = TRUE)

writeLines(c(
  R.version.string,
  paste("survey", as.character(packageVersion("survey"))),
  paste("jsonlite", as.character(packageVersion("jsonlite"))),
  paste("generated", format(Sys.Date())),
  "",
  capture.output(sessionInfo())
), file.path(out_dir, "VERSIONS.txt"))

cat(sprintf("wrote %d cases, %d rows to %s\n", goldens$n_cases, goldens$n_rows,
            file.path(out_dir, "goldens.json")))
