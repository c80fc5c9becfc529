//===- HtmlReport.cpp - The self-contained HTML report of verify ---------===//
//
// One file, no external assets: inline CSS and an inline SVG bar chart of
// the max abs error of every output and probe on a log scale, the ledger as
// a table, the migrations applied. Deterministic: no timestamps.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/verify/VerifyReport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

using nlohmann::json;

namespace modelcompat {
namespace {

std::string escape(const std::string &Text) {
  std::string Out;
  for (char C : Text) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

std::string fixed(double Value) {
  char Buffer[32];
  std::snprintf(Buffer, sizeof(Buffer), "%.1f", Value);
  return Buffer;
}

/// A bar's value: NaN and inf are drawn as off the chart.
double errorOf(const json &Value, bool &OffScale) {
  OffScale = false;
  if (Value.is_number())
    return Value.get<double>();
  OffScale = true;
  return 0;
}

constexpr double MinDecade = -12; ///< 1e-12 is the chart's floor.

/// Max abs error per output and probe, bars on a log10 axis, with each
/// row's absolute tolerance as a tick.
std::string errorChart(const json &Ckpt) {
  struct Bar {
    std::string Label;
    json Error;
    double ATol;
    bool Match;
  };
  std::vector<Bar> Bars;
  for (const json &Output : Ckpt.value("outputs", json::array()))
    Bars.push_back({"output " + Output.value("name", ""), Output["max_abs_error"],
                    Output.value("atol", 0.0), Output.value("match", false)});
  for (const json &Probe : Ckpt.value("probes", json::array()))
    Bars.push_back({"probe " + Probe.value("name", ""), Probe["max_abs_error"],
                    Probe.value("atol", 0.0), Probe.value("match", false)});
  if (Bars.empty())
    return "<p class=\"muted\">No outputs were compared.</p>\n";
  double MaxDecade = 0;
  for (const Bar &B : Bars) {
    bool Off;
    double E = errorOf(B.Error, Off);
    if (!Off && E > 0)
      MaxDecade = std::max(MaxDecade, std::ceil(std::log10(E)));
  }
  const double LabelWidth = 260, PlotWidth = 520, RowHeight = 22, Top = 28;
  double Height = Top + RowHeight * Bars.size() + 10;
  auto X = [&](double Decade) {
    return LabelWidth + PlotWidth * (Decade - MinDecade) / (MaxDecade - MinDecade);
  };
  std::ostringstream Svg;
  Svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\""
      << fixed(LabelWidth + PlotWidth + 90) << "\" height=\"" << fixed(Height)
      << "\" role=\"img\" aria-label=\"max abs error per output and probe, log scale\">\n";
  for (double D = MinDecade; D <= MaxDecade; D += 2) {
    Svg << "<line x1=\"" << fixed(X(D)) << "\" y1=\"" << fixed(Top - 6) << "\" x2=\"" << fixed(X(D))
        << "\" y2=\"" << fixed(Height - 8) << "\" class=\"grid\"/>\n<text x=\"" << fixed(X(D))
        << "\" y=\"14\" "
        << "class=\"axis\" text-anchor=\"middle\">1e" << static_cast<int>(D) << "</text>\n";
  }
  for (size_t I = 0; I < Bars.size(); ++I) {
    const Bar &B = Bars[I];
    double Y = Top + RowHeight * I;
    bool Off;
    double E = errorOf(B.Error, Off);
    double Decade = Off ? MaxDecade : (E > 0 ? std::log10(E) : MinDecade);
    Decade = std::clamp(Decade, MinDecade, MaxDecade);
    Svg << "<text x=\"" << fixed(LabelWidth - 8) << "\" y=\"" << fixed(Y + 14)
        << "\" class=\"label\" text-anchor=\"end\">" << escape(B.Label) << "</text>\n";
    Svg << "<rect x=\"" << fixed(LabelWidth) << "\" y=\"" << fixed(Y + 3) << "\" width=\""
        << fixed(std::max(1.0, X(Decade) - LabelWidth)) << "\" height=\"" << fixed(RowHeight - 6)
        << "\" class=\"" << (B.Match ? "ok" : "bad") << "\"><title>" << escape(B.Label)
        << ": max abs error " << escape(formatErrorValue(B.Error)) << "</title></rect>\n";
    if (B.ATol > 0) {
      double T = std::clamp(std::log10(B.ATol), MinDecade, MaxDecade);
      Svg << "<line x1=\"" << fixed(X(T)) << "\" y1=\"" << fixed(Y + 1) << "\" x2=\"" << fixed(X(T))
          << "\" y2=\"" << fixed(Y + RowHeight - 1) << "\" class=\"tol\"/>\n";
    }
    Svg << "<text x=\"" << fixed(X(Decade) + 6) << "\" y=\"" << fixed(Y + 14)
        << "\" class=\"value\">" << escape(formatErrorValue(B.Error)) << "</text>\n";
  }
  Svg << "</svg>\n";
  return Svg.str();
}

std::string statsTable(const json &Ckpt) {
  std::ostringstream Out;
  Out << "<table>\n<tr><th>tensor</th><th>dtype</th><th>shape</th><th>max abs "
         "error</th><th>max rel error</th><th>mismatched</th><th>rtol / "
         "atol</th><th></th></tr>\n";
  auto Row = [&](const std::string &Kind, const json &S) {
    std::string Shape;
    for (const auto &D : S.value("shape", json::array()))
      Shape += (Shape.empty() ? "" : ", ") + std::to_string(D.get<long long>());
    bool Match = S.value("match", false);
    Out << "<tr class=\"" << (Match ? "" : "diverged") << "\"><td>" << Kind << " "
        << escape(S.value("name", "")) << "</td><td>" << escape(S.value("dtype", ""))
        << "</td><td>[" << Shape << "]</td><td>" << escape(formatErrorValue(S["max_abs_error"]))
        << "</td><td>" << escape(formatErrorValue(S["max_rel_error"])) << "</td><td>"
        << S.value("mismatched", 0) << " / " << S.value("total", 0) << "</td><td>"
        << escape(formatErrorValue(S["rtol"])) << " / " << escape(formatErrorValue(S["atol"]))
        << "</td><td>"
        << (Match ? "match"
                  : escape(S.value("problem", "").empty() ? std::string("diverged")
                                                          : S.value("problem", "")))
        << "</td></tr>\n";
  };
  for (const json &Output : Ckpt.value("outputs", json::array()))
    Row("output", Output);
  for (const json &Probe : Ckpt.value("probes", json::array()))
    Row("probe", Probe);
  Out << "</table>\n";
  return Out.str();
}

std::string ledgerTable(const json &Ledger) {
  std::ostringstream Out;
  json Entries = Ledger.value("entries", json::array());
  if (Entries.empty() && Ledger.value("unconsumed", json::array()).empty())
    return "<p class=\"muted\">No ledger was recorded.</p>\n";
  Out << "<table>\n<tr><th>key</th><th>provenance</th></tr>\n";
  for (const json &Entry : Entries) {
    std::string Provenance = Entry.value("provenance", "");
    Out << "<tr class=\"" << (Provenance == "untouched" ? "muted" : "") << "\"><td>"
        << escape(Entry.value("key", "")) << "</td><td>" << escape(Provenance) << "</td></tr>\n";
  }
  for (const auto &Key : Ledger.value("unconsumed", json::array()))
    Out << "<tr class=\"diverged\"><td>" << escape(Key.get<std::string>())
        << "</td><td>unconsumed old tensor</td></tr>\n";
  for (const auto &Key : Ledger.value("unsourced", json::array()))
    Out << "<tr class=\"diverged\"><td>" << escape(Key.get<std::string>())
        << "</td><td>unsourced new tensor</td></tr>\n";
  for (const auto &[Key, Reason] : Ledger.value("dropped", json::object()).items())
    Out << "<tr><td>" << escape(Key) << "</td><td>dropped: "
        << escape(Reason.is_string() ? Reason.get<std::string>() : Reason.dump()) << "</td></tr>\n";
  Out << "</table>\n";
  return Out.str();
}

const char *Style =
    R"(body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px 32px;color:#1d2330;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px}h3{font-size:15px;margin:18px 0 6px}
.badge{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;font-weight:600;font-size:13px}
.pass{background:#2e7d32}.fail{background:#c62828}.muted{color:#7a8190}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}th,td{border:1px solid #d9dde5;padding:3px 8px;text-align:left}
th{background:#f2f4f8}tr.diverged td{background:#fdecec}code{font-family:ui-monospace,monospace;font-size:12.5px}
.chart .grid{stroke:#e3e6ec}.chart .axis{font-size:11px;fill:#7a8190}.chart .label{font-size:12px;fill:#1d2330}
.chart .value{font-size:11px;fill:#1d2330}.chart rect.ok{fill:#66a36b}.chart rect.bad{fill:#d9534f}.chart .tol{stroke:#1d2330;stroke-width:2;stroke-dasharray:3,2}
ul{margin:4px 0 8px}li{margin:2px 0}
pre{background:#f6f8fa;border:1px solid #d9dde5;padding:8px 10px;font-size:12px;max-height:320px;overflow:auto})";

} // namespace

std::string renderVerifyHtml(const json &Report) {
  std::ostringstream Out;
  bool Pass = verifyPassed(Report);
  auto Rev = [&](const char *Which) {
    const json &R = Report[Which];
    std::string Sha = R.value("commit", "").substr(0, 12);
    std::string Spec = R.value("rev", "");
    return escape(Spec.empty() || Spec == R.value("commit", "") ? Sha : Sha + " (" + Spec + ")");
  };
  Out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>modelcompat verify: " << (Pass ? "PASS" : "FAIL") << "</title>\n"
      << "<style>\n"
      << Style << "\n</style>\n</head>\n<body>\n"
      << "<h1>modelcompat verify <span class=\"badge " << (Pass ? "pass" : "fail") << "\">"
      << (Pass ? "PASS" : "FAIL") << "</span></h1>\n"
      << "<p>base <code>" << Rev("base") << "</code> &rarr; head <code>" << Rev("head")
      << "</code>; " << (Report.value("train_mode", false) ? "train" : "eval") << " mode; "
      << (Report.value("seeding", true) ? "seeded before every forward"
                                        : "<b>not seeded</b> (--no-seed)")
      << "; migrations from <code>" << escape(Report.value("migrations", "")) << "</code></p>\n";
  for (const json &Model : Report.value("models", json::array())) {
    const json &Devices = Model.value("devices", json::object());
    Out << "<h2>model " << escape(Model.value("name", "")) << "</h2>\n"
        << "<p class=\"muted\">device base " << escape(Devices.value("base", "-")) << ", head "
        << escape(Devices.value("head", "-")) << "; libtorch " << escape(Model.value("torch", ""))
        << "</p>\n";
    for (const json &Ckpt : Model.value("checkpoints", json::array())) {
      bool CkptPass = Ckpt.value("status", "fail") == "pass";
      Out << "<h3>" << escape(Ckpt.value("label", "")) << " <span class=\"badge "
          << (CkptPass ? "pass" : "fail") << "\">" << (CkptPass ? "PASS" : "FAIL")
          << "</span></h3>\n";
      std::vector<std::string> Problems;
      for (const auto &P : Ckpt.value("load", json::object()).value("problems", json::array()))
        Problems.push_back(P.get<std::string>());
      if (Ckpt.contains("base_load"))
        for (const auto &P : Ckpt["base_load"].value("problems", json::array()))
          Problems.push_back("base: " + P.get<std::string>());
      json Explanations = Ckpt.value("explanations", json::array());
      if (!Problems.empty() || !Explanations.empty()) {
        Out << "<ul>\n";
        for (const std::string &P : Problems)
          Out << "<li>" << escape(P) << "</li>\n";
        for (const auto &E : Explanations)
          Out << "<li>" << escape(E.get<std::string>()) << "</li>\n";
        Out << "</ul>\n";
      }
      const json &First = Ckpt.value("first_divergent_probe", json());
      if (First.is_object())
        Out << "<p>First divergent probe: <code>" << escape(First.value("name", ""))
            << "</code> (max abs error " << escape(formatErrorValue(First["max_abs_error"]))
            << ")</p>\n";
      Out << errorChart(Ckpt) << statsTable(Ckpt);
      const json &Ledger = Ckpt.value("ledger", json::object());
      json Applied = Ledger.value("applied", json::array());
      Out << "<h3>Migrations applied</h3>\n";
      if (Applied.empty())
        Out << "<p class=\"muted\">none</p>\n";
      else {
        Out << "<ul>\n";
        for (const auto &Id : Applied)
          Out << "<li><code>" << escape(Id.get<std::string>()) << "</code></li>\n";
        Out << "</ul>\n";
      }
      Out << "<h3>Ledger</h3>\n" << ledgerTable(Ledger);
    }
  }
  json Specs = Report.value("migration_specs", json::array());
  if (!Specs.empty()) {
    Out << "<h2>Migration specs</h2>\n";
    for (const json &Spec : Specs)
      Out << "<h3><code>" << escape(Spec.value("file", "")) << "</code></h3>\n<pre>"
          << escape(Spec["spec"].dump(2)) << "</pre>\n";
  }
  Out << "</body>\n</html>\n";
  return Out.str();
}

} // namespace modelcompat
