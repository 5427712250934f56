# R survey svyby on the benchmark file: overall + 384 domains, means of informed and income.
# Usage: Rscript r_survey.R data.csv   -> prints one JSON line (timings, peak memory, a check).
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
t0 <- Sys.time()
d <- read.csv(args[1], stringsAsFactors = FALSE)
t1 <- Sys.time()
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d)
overall <- svymean(~informed + income, des)
by <- svyby(~informed + income, ~sex + age_group + region + migration_status, des, svymean)
t2 <- Sys.time()
hwm <- as.numeric(sub("kB", "", grep("VmHWM", readLines("/proc/self/status"), value = TRUE)
                      |> sub(pattern = "VmHWM:\\s*", replacement = "")))
cat(sprintf('{"tool": "R survey %s", "load_s": %.4f, "compute_s": %.4f, "peak_mb": %.1f, "domains": %d, "check_mean": %.10g, "check_se": %.10g}\n',
            as.character(packageVersion("survey")), as.numeric(t1 - t0, units = "secs"),
            as.numeric(t2 - t1, units = "secs"), hwm / 1024, nrow(by),
            coef(overall)[["income"]], SE(overall)[["income"]]))
