//===- VerifyReportTest.cpp - Text and HTML rendering of verify results ---===//
#include "modelcompat/verify/VerifyReport.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using nlohmann::json;

namespace {

json failingReport() {
  return json::parse(R"json({
    "schema_version": 1,
    "base": {"rev": "HEAD~1", "commit": "1111111111111111111111111111111111111111"},
    "head": {"rev": "HEAD", "commit": "2222222222222222222222222222222222222222"},
    "seeding": true, "train_mode": false, "cross_device": false,
    "migrations": "bad-migrations",
    "models": [{
      "name": "autoencoder", "status": "fail", "torch": "1.13.0",
      "devices": {"base": "cpu", "head": "cpu"},
      "checkpoints": [{
        "label": "ckpt.safetensors", "status": "fail",
        "load": {"strict": false, "problems": ["unconsumed old tensor 'mid.proj_attn.weight': the model has no place for it"]},
        "ledger": {"entries": [{"key": "mid.attn.out_proj.weight", "provenance": "initialised(zeros)"},
                               {"key": "conv.weight", "provenance": "untouched"}],
                   "unconsumed": ["mid.proj_attn.weight"], "unsourced": [],
                   "dropped": {}, "applied": ["fx::AttnBlockImpl@111111111111..222222222222"]},
        "outputs": [{"name": "0", "dtype": "float32", "shape": [2, 4], "match": false, "problem": "",
                     "max_abs_error": 0.25, "max_rel_error": "inf", "mismatched": 5, "total": 8,
                     "rtol": 1.3e-06, "atol": 1e-05}],
        "probes": [{"name": "encoder", "dtype": "float32", "shape": [2], "match": true, "problem": "",
                    "max_abs_error": 0, "max_rel_error": 0, "mismatched": 0, "total": 2,
                    "rtol": 1.3e-06, "atol": 1e-05},
                   {"name": "mid.attn", "dtype": "float32", "shape": [2], "match": false, "problem": "",
                    "max_abs_error": 0.5, "max_rel_error": 1, "mismatched": 2, "total": 2,
                    "rtol": 1.3e-06, "atol": 1e-05}],
        "first_divergent_probe": {"name": "mid.attn", "max_abs_error": 0.5,
          "ledger": [{"key": "mid.attn.out_proj.weight", "provenance": "initialised(zeros)"}]},
        "probes_missing_in_head": [],
        "repeatable": true,
        "explanations": ["the checkpoint does not load strictly through the migrations at head"]
      }]
    }]})json");
}

} // namespace

TEST(VerifyReport, TextNamesLedgerProblemsAndTheFirstDivergentProbe) {
  json Report = failingReport();
  EXPECT_FALSE(verifyPassed(Report));
  EXPECT_EQ(renderVerifyText(Report),
            "verify 111111111111 (HEAD~1) -> 222222222222 (HEAD): FAIL\n"
            "model 'autoencoder': device base cpu, head cpu; libtorch 1.13.0; eval "
            "mode; seeded; migrations from bad-migrations\n"
            "model 'autoencoder', ckpt.safetensors: FAIL\n"
            "  does not load strictly through the migrations at head:\n"
            "    unconsumed old tensor 'mid.proj_attn.weight': the model has no "
            "place for it\n"
            "  migrations applied: fx::AttnBlockImpl@111111111111..222222222222\n"
            "  output 0 float32 [2, 4]: max abs error 0.25, max rel error inf, 5 of "
            "8 mismatched (rtol 1.3e-06, atol 1e-05)\n"
            "  probes: 2 compared, 1 diverged\n"
            "  first divergent probe 'mid.attn' float32 [2]: max abs error 0.5, max "
            "rel error 1, 2 of 2 mismatched (rtol 1.3e-06, atol 1e-05)\n"
            "    ledger: mid.attn.out_proj.weight <- initialised(zeros)\n"
            "  why: the checkpoint does not load strictly through the migrations at "
            "head\n");
}

TEST(VerifyReport, HtmlIsSelfContainedWithAnSvgChartAndTheLedger) {
  std::string Html = renderVerifyHtml(failingReport());
  EXPECT_EQ(Html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(Html.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  // One bar per output and probe, coloured by verdict.
  EXPECT_NE(Html.find("output 0: max abs error 0.25"), std::string::npos);
  EXPECT_NE(Html.find("probe mid.attn: max abs error 0.5"), std::string::npos);
  EXPECT_NE(Html.find("<td>mid.attn.out_proj.weight</td><td>initialised(zeros)</td>"),
            std::string::npos);
  EXPECT_NE(Html.find("<td>mid.proj_attn.weight</td><td>unconsumed old tensor</td>"),
            std::string::npos);
  EXPECT_NE(Html.find("<code>fx::AttnBlockImpl@111111111111..222222222222</code>"),
            std::string::npos);
  // Self-contained: nothing is fetched.
  EXPECT_EQ(Html.find("src="), std::string::npos);
  EXPECT_EQ(Html.find("href="), std::string::npos);
  EXPECT_EQ(Html.find("<script"), std::string::npos);
}

TEST(VerifyReport, ErrorValuesAreShortAndExplicit) {
  EXPECT_EQ(formatErrorValue(json(0.0)), "0");
  EXPECT_EQ(formatErrorValue(json(3.24e-7)), "3.2e-07");
  EXPECT_EQ(formatErrorValue(json("nan")), "nan");
  EXPECT_EQ(formatErrorValue(json("inf")), "inf");
}
