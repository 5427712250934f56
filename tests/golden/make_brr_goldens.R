# make_brr_goldens.R -- R survey's BRR and Fay replicate weights on synthetic two-PSU designs,
# so that safemig's replicates can be checked column for column against R's choice of
# Hadamard matrix (Sylvester, Paley, the stored orders 28 and 36, and their doublings).
#
# Usage:  Rscript tests/golden/make_brr_goldens.R tests/golden      (or: make goldens)
#
# Writes, under the output folder:
#   data/brr_designs.csv   one synthetic design per number of strata H: columns H, stratum,
#                          psu, y, w (rows in data order; strata and PSUs appear out of
#                          sorted order on purpose, as R sorts strata by name)
#   data/brr_patterns.csv  per design and PSU, R's half-samples: pattern[r] = "1" when the
#                          PSU's replicate-r factor is 2 (analysis weight 2 w), "0" when 0
#   data/brr_fay.csv       Fay (rho = 0.3) replicate factors for H = 5 and H = 27, per PSU
#   brr_goldens.json       number of replicates and scale per H; mean and total of y with
#                          their SEs for H in ESTIMATE_H, under BRR and Fay
#   data/hadamard_checksums.csv  for n in HADAMARD_N, the order of hadamard(n), its number of
#                          ones and two position-weighted sums of its entries (exact in
#                          doubles; weights nonlinear in row and column): any other matrix, or the same rows or columns in
#                          another order, changes them
# Deterministic (fixed seed, C collation). Needs r-cran-survey (4.1-1 used), r-cran-jsonlite.

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else "."
data_dir <- file.path(out_dir, "data")
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(survey.replicates.mse = FALSE, stringsAsFactors = FALSE)

STRATA_COUNTS <- c(1:40, 50, 63, 100)
FAY_H <- c(5, 27)
ESTIMATE_H <- c(3, 27, 100)
RHO <- 0.3
HADAMARD_N <- c(0:300, 500, 1000, 1500)

set.seed(20261128)
one_design <- function(H) {
  # Stratum names s1..sH appear in random order ("s10" sorts before "s2" in C collation);
  # PSU ids are unique over the file; each PSU has one or two rows, shuffled within stratum
  # so that the PSU named "b" comes first in about half the strata.
  strata <- sample(sprintf("s%d", seq_len(H)))
  rows <- do.call(rbind, lapply(strata, function(s) {
    psu <- paste0(s, c("a", "b"))
    size <- sample(1:2, 2, replace = TRUE)
    d <- data.frame(stratum = s, psu = rep(psu, size))
    d[sample(nrow(d)), , drop = FALSE]
  }))
  rows$y <- round(rnorm(nrow(rows), 50, 10), 2)
  rows$w <- sample(10:50, nrow(rows), replace = TRUE)
  cbind(H = H, rows)
}
designs <- do.call(rbind, lapply(STRATA_COUNTS, one_design))
rownames(designs) <- NULL
write.csv(designs, file.path(data_dir, "brr_designs.csv"), row.names = FALSE)
designs <- read.csv(file.path(data_dir, "brr_designs.csv"))

brr_of <- function(d, type) {
  des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
  if (type == "BRR") as.svrepdesign(des, type = "BRR")
  else as.svrepdesign(des, type = "Fay", fay.rho = RHO)
}
per_psu <- function(d, rep) {
  # The replicate factors of brrweights() (exact: 2 - rho or rho), one row per PSU. The
  # analysis weights are these times 1/(1/w), which can differ from 2 w by one ulp.
  factors <- rep$repweights$weights[rep$repweights$index, , drop = FALSE]
  stopifnot(isTRUE(all.equal(factors * d$w, unname(weights(rep, "analysis")),
                             tolerance = 1e-14, check.attributes = FALSE)))
  first <- !duplicated(d$psu)
  list(psu = d$psu[first], factors = factors[first, , drop = FALSE])
}

patterns <- list()
fay <- list()
cases <- list()
for (H in STRATA_COUNTS) {
  d <- designs[designs$H == H, ]
  b <- brr_of(d, "BRR")
  p <- per_psu(d, b)
  stopifnot(all(p$factors %in% c(0, 2)))
  patterns[[length(patterns) + 1]] <- data.frame(
    H = H, psu = p$psu,
    pattern = apply(p$factors, 1, function(f) paste(ifelse(f == 2, "1", "0"), collapse = "")))
  case <- list(H = H, replicates = ncol(b$repweights), scale = b$scale)
  if (H %in% ESTIMATE_H) {
    f <- brr_of(d, "Fay")
    for (pair in list(list("brr", b), list("fay", f))) {
      m <- svymean(~y, pair[[2]])
      t <- svytotal(~y, pair[[2]])
      case[[pair[[1]]]] <- list(scale = pair[[2]]$scale, mean = unname(coef(m)),
                                mean_se = unname(SE(m)), total = unname(coef(t)),
                                total_se = unname(SE(t)))
    }
  }
  if (H %in% FAY_H) {
    f <- per_psu(d, brr_of(d, "Fay"))
    colnames(f$factors) <- sprintf("fay%d", seq_len(ncol(f$factors)))
    fay[[length(fay) + 1]] <- cbind(data.frame(H = H, psu = f$psu), f$factors)
  }
  cases[[length(cases) + 1]] <- case
}
write.csv(do.call(rbind, patterns), file.path(data_dir, "brr_patterns.csv"), row.names = FALSE)
fay_all <- Reduce(function(a, b) merge(a, b, all = TRUE, sort = FALSE), fay)
write.csv(fay_all, file.path(data_dir, "brr_fay.csv"), row.names = FALSE, na = "")
writeLines(toJSON(list(r_version = R.version.string,
                       survey_version = as.character(packageVersion("survey")),
                       fay_rho = RHO, cases = cases),
                  auto_unbox = TRUE, digits = I(17), pretty = TRUE),
           file.path(out_dir, "brr_goldens.json"))

# Position weights with products of the row and column numbers, so that swapping two rows or
# two columns (which in a Hadamard matrix hold as many ones each) changes the sums.
checksum <- function(M, weight) {
  m <- nrow(M)
  sum(M * outer(as.numeric(seq_len(m)), as.numeric(seq_len(m)), weight))  # doubles: exact
}
weight1 <- function(i, j) (i * j * 7919 + i * i * 31 + j) %% 1000003
weight2 <- function(i, j) (i * i * j * 3 + j * j * i * 5 + i + 2 * j) %% 999983
sums <- do.call(rbind, lapply(HADAMARD_N, function(n) {
  M <- hadamard(n)
  data.frame(n = n, order = nrow(M), ones = sum(M),
             sum1 = checksum(M, weight1), sum2 = checksum(M, weight2))
}))
write.csv(sums, file.path(data_dir, "hadamard_checksums.csv"), row.names = FALSE)
