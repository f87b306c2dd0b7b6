package report

import "github.com/sweepstat/sweepstat/internal/result"

// sigText holds the strings of the significance parts in one language.
type sigText struct {
	section, intro                      string
	design, spreadCols, spreadNote      string
	aggLine, rowCols, legend, footnotes string
	legendText                          string // the legend of the plain-text table
	diffCols, diffNote                  string
	verdict                             map[result.Verdict]string
	method                              map[string]string // by result.Method*
	interval                            map[string]string // by result.Interval*
	correction                          map[string]string
	confoundedMark                      string
	runOrder, session, remedy           string // design findings
	noRows                              string
	// The conclusion: its title; a line per model × phase (what, verdict,
	// change, benchmarks, improved, regressed, equivalent, other); the
	// caveats' title, the run remedy (option), too few runs (phase, n,
	// min), single runs (count); the old script's line (list) with its
	// list separator, a disagreement (model, phase, old %, geomean %,
	// why) and the two reasons.
	conclusion, conclusionLine, caveatsTitle, remedyRun, fewRuns, singleRuns string
	oldScript, listSep, disagreeFmt, whyMixed, whyGrid                       string
	// spreadMore / spreadNotMore state what the data say of the noise
	// between vs within runs (larger count, total, min ratio, max ratio).
	spreadMore, spreadNotMore string
	// sizeCol names the size column per phase.
	sizeCol map[string]string
	// Plain text (compare, check): the header line (source, task, option,
	// base, new values, correction, benchmarks, alpha, margin), the
	// columns of the benchmark and aggregate tables ('|'-separated), the
	// word before a design finding.
	textHeader, textCols, textNWayCols, aggCols, warning, nameCol string
	modelHeading, aggTitle                                        string
	// The gate: pass and fail lines (what; how), the limits (limit, noise
	// margin), counts (total, improved, regressed, equivalent,
	// inconclusive, unverified, untested), tolerated and untested
	// headings (count), the finding table's columns.
	gatePass, gateFail, gateUntested, gateHow, gateLimits, gateAny, gateCounts string
	gateTolerated, gateUntestedHead, findingCols, allSizes, fullStop           string
}

var sigTexts = map[Lang]*sigText{
	Chinese: {
		section: "## 显著性分析",
		intro: "每个基准（模型 × 性能指标 × 测试长度）的样本是各次运行（一次运行 = 基准程序的一次启动）的平均值：运行之间的波动包含单次运行内的 ± 看不到的漂移，所以运行才是真正的重复单位。" +
			"中心值为中位数（U检验，与 benchstat 相同）或均值（Welch t检验）；± 为到区间端点的最大相对距离。" +
			"p 值按 %s 校正（共 %d 个基准），α = %s；变化经 TOST 检验证明在 ±%s%% 以内的记为“等效”（即使它同时显著不为零）；只有显著且不能证明在该范围内的变化才记为“提升”或“退步”。",
		design:     "### 实验设计诊断",
		spreadCols: "模型|性能指标|运行间CV中位数(%)|单次运行内CV中位数(%)|倍数",
		spreadNote: "*运行间CV：同一基准同一取值的多次运行平均值之间的变异系数；单次运行内CV：一次运行内各次重复的 ±。倍数大于 1 说明单次运行的 ± 低估了真实噪声。*",
		aggLine:    "**汇总**：几何平均变化 %s（%s，%s，p=%s，校正后 p=%s，%d 个基准；提升 %d，退步 %d，等效 %d）→ **%s**",
		rowCols:    "%s|%s=%s|%s=%s|变化|校正后p|检验|结论",
		legend:     "*图例：~ 表示校正后不显著；± 为 95% 置信区间；ʳ 表示样本太少、显示最小值–最大值范围；ᵗ 表示均值的 95% t 区间；n 为每侧的运行次数；⚠ 表示选项与运行顺序或测试会话混淆（见开头的结论）。*",
		legendText: "± 是 95% 置信区间（ʳ：最小值–最大值范围；ᵗ：均值的 95% t 区间）；⚠：与运行顺序或会话混淆。",
		footnotes:  "**注意**",
		diffCols:   "模型|性能指标|性能差异(%s)|差异百分比(%%)|CV差异(%%)|数据点数差|几何平均变化(95%% 区间)|校正后p|结论",
		diffNote:   "*性能差异、差异百分比、CV差异、数据点数差是旧脚本的列：两个取值所有记录的总平均值之差；几何平均变化是逐个基准（同一测试长度）新旧之比的几何平均，结论依据它。*",
		verdict: map[result.Verdict]string{
			result.Improvement: "提升", result.Regression: "退步", result.Equivalent: "等效", result.Inconclusive: "无法判定",
			result.Unverified: "未验证", result.Untested: "未检验",
		},
		method: map[string]string{
			result.MethodUTest: "U检验", result.MethodWelch: "Welch t检验", result.MethodWelchSummary: "Welch t检验(均值±标准差)",
			result.MethodNone: "无", result.MethodWilcoxon: "对数比的 Wilcoxon 符号秩检验", result.MethodLogT: "对数比的 t 检验",
		},
		interval: map[string]string{
			result.IntervalBootstrap: "95% 自助法（bootstrap）区间", result.IntervalT: "95% t 区间", result.IntervalCI: "95% 置信区间",
			result.IntervalRange: "范围", result.IntervalNone: "无区间",
		},
		correction:       map[string]string{"holm": "Holm", "bh": "Benjamini-Hochberg", "none": "不"},
		confoundedMark:   "⚠",
		runOrder:         "%s：%s=%s 的所有运行%s都在 %s=%s 的所有运行%s之前：随时间的漂移与选项混淆，差异不能归因于选项。",
		session:          "%s=%s%s 与 %s=%s%s 在不同的运行（会话）中测得：变化与测试会话混淆，差异不能归因于选项。",
		remedy:           "补救：交替运行各取值（sweepstat run 默认如此），或分多轮交替运行，使漂移同样落在两个取值上。",
		noRows:           "（没有可比较的基准：基准与新值没有共同的基准，名称是否改了？）",
		conclusion:       "## 结论",
		conclusionLine:   "- **%s**：%s — 几何平均变化 %s；%d 个基准：提升 %d，退步 %d，等效 %d，其他 %d",
		caveatsTitle:     "**限制结论的因素**",
		remedyRun:        "补救：交替运行并分多轮，例如 `sweepstat run -db 结果.db -rounds 3 扫描.yaml`（默认 `-order interleaved`：每一轮内 %s 的各取值交替、轮与轮之间顺序反转）。",
		fewRuns:          "%s：每个基准每侧只有 %d 次运行，改用 Welch t 检验；每侧至少 %d 次才能用不依赖分布的 U 检验（`sweepstat run -rounds N`）。",
		singleRuns:       "%d 个基准每侧只运行了一次（结论为“未验证”）：同一次运行内的重复看不到运行之间的漂移；请每侧至少运行 2 次。",
		oldScript:        "旧脚本的“性能差异”（总平均值之差，百分比）：%s。",
		listSep:          "，",
		disagreeFmt:      "%s %s：总平均值之差 %+.2f%% 与几何平均变化 %+.2f%% 方向相反，因为%s。",
		whyMixed:         "总平均值被速度较高的测试长度主导，而几何平均对每个基准一视同仁",
		whyGrid:          "两个取值测到的测试网格不同（记录数不同）",
		spreadMore:       "本数据中，%d/%d 个模型 × 性能指标的运行间波动大于单次运行内的 ±（倍数 %s–%s，见下表）。",
		spreadNotMore:    "本数据中，运行间波动并不大于单次运行内的 ±（%d 个模型 × 性能指标，倍数 %s–%s，见下表）。",
		sizeCol:          map[string]string{"pp": "提示长度", "tg": "生成长度", "pp+tg": "提示,生成长度"},
		textHeader:       "%s：任务 %s，%s %s 对比 %s（%s 校正，共 %d 个基准，α=%g，等效容差 ±%g%%）",
		textCols:         "性能指标|测试长度|%s|%s|相对基准|校正后p|检验|结论",
		textNWayCols:     "性能指标|测试长度|%s",
		modelHeading:     "模型：%s",
		aggTitle:         "汇总（每个模型 × 性能指标的几何平均变化）",
		aggCols:          "性能指标|%s几何平均变化 [区间]|p|校正后p|基准数|检验|结论",
		warning:          "警告：",
		nameCol:          "基准名称",
		gatePass:         "通过：没有超出限度的退步（%s）",
		gateFail:         "未通过：%d 个退步超出限度（%s）",
		gateUntested:     "未通过：%d 个基准无法检验（%s）",
		gateHow:          "限度 %s；%s 校正，α=%g",
		gateLimits:       "%s；单次运行的基准至少 %g%%",
		gateAny:          "任何退步",
		gateCounts:       "%d 个基准：提升 %d，退步 %d，等效 %d，无法判定 %d，未验证 %d，未检验 %d",
		gateTolerated:    "%d 个显著退步在限度之内：",
		gateUntestedHead: "%d 个基准未检验（无法检验，或单位方向未知）：",
		findingCols:      "模型|性能指标|测试长度|变化 [95% 区间]|校正后p|限度|检验|设计",
		allSizes:         "全部（汇总）",
		fullStop:         "。",
	},
	English: {
		section: "## Significance",
		intro: "Each benchmark (model × phase × size) has one sample per invocation (one start of the engine), its mean: the spread between invocations holds drift that the ± within one cannot see, so the invocation is the unit of replication. " +
			"Centers are medians (U-test, as benchstat) or means (Welch t-test); ± is the largest relative distance to an interval end. " +
			"p-values are adjusted with %s over %d benchmarks, α = %s; a change shown by TOST to lie within ±%s%% is \"equivalent\" (even when it is also significantly different from zero); only a significant change not shown to lie within it is an improvement or a regression.",
		design:     "### Design diagnostics",
		spreadCols: "Model|Phase|Median between-invocation CV (%)|Median within-invocation CV (%)|Ratio",
		spreadNote: "*Between: CV of the invocation means of one benchmark and value; within: the ± of one invocation over its repetitions. A ratio above 1 means one invocation's ± understates the real noise.*",
		aggLine:    "**Aggregate**: geometric mean change %s (%s, %s, p=%s, adjusted p=%s, %d benchmarks; %d improved, %d regressed, %d equivalent) → **%s**",
		rowCols:    "%s|%s=%s|%s=%s|Change|Adjusted p|Test|Verdict",
		legend:     "*Legend: ~ not significant after correction; ± the 95% CI; ʳ too few samples, the min–max range; ᵗ the 95% t-interval of the mean; n invocations per side; ⚠ the option is confounded with run order or session (see the conclusion).*",
		legendText: "± is the 95% CI (ʳ: the min–max range where there are too few samples for it; ᵗ: 95% t-interval of the mean); ⚠: confounded with run order or session.",
		footnotes:  "**Notes**",
		diffCols:   "Model|Phase|Speed difference (%s)|Difference (%%)|CV difference (%%)|Record count difference|Geomean change (95%% interval)|Adjusted p|Verdict",
		diffNote:   "*Speed, CV and record count differences are the old script's columns: differences of the grand means over all records of each value; the geometric mean change is over the benchmarks' matched ratios (same size), and the verdict rests on it.*",
		verdict: map[result.Verdict]string{
			result.Improvement: "improvement", result.Regression: "regression", result.Equivalent: "equivalent", result.Inconclusive: "inconclusive",
			result.Unverified: "unverified", result.Untested: "untested",
		},
		method: map[string]string{
			result.MethodUTest: "U-test", result.MethodWelch: "Welch t-test", result.MethodWelchSummary: "Welch t-test from mean±sd",
			result.MethodNone: "none", result.MethodWilcoxon: "Wilcoxon signed-rank test of log ratios", result.MethodLogT: "t-test of log ratios",
		},
		interval: map[string]string{
			result.IntervalBootstrap: "95% bootstrap CI", result.IntervalT: "95% t-interval", result.IntervalCI: "95% CI",
			result.IntervalRange: "range", result.IntervalNone: "no interval",
		},
		correction:       map[string]string{"holm": "Holm", "bh": "Benjamini-Hochberg", "none": "no correction"},
		confoundedMark:   "⚠",
		runOrder:         "%s: all invocations of %s=%s%s ran before all of %s=%s%s: drift over time is confounded with the option, so the change cannot be put down to it.",
		session:          "%s=%s%s and %s=%s%s were measured in different runs (sessions): the change is confounded with the session, so it cannot be put down to the option.",
		remedy:           "Remedy: interleave the values (sweepstat run does by default) or alternate them in rounds, so that drift falls on both alike.",
		noRows:           "(no benchmarks to compare: base and new have none in common; were they renamed?)",
		conclusion:       "## Conclusion",
		conclusionLine:   "- **%s**: %s — geometric mean change %s; %d benchmarks: %d improved, %d regressed, %d equivalent, %d other",
		caveatsTitle:     "**What limits this conclusion**",
		remedyRun:        "Remedy: interleave and run rounds, e.g. `sweepstat run -db results.db -rounds 3 sweep.yaml` (the default `-order interleaved` alternates the values of %s within each round and reverses them from round to round).",
		fewRuns:          "%s: only %d invocations per side per benchmark, so Welch's t-test is used; the distribution-free U-test needs at least %d per side (`sweepstat run -rounds N`).",
		singleRuns:       "%d benchmark(s) measured in one invocation per side (verdict unverified): repetitions within one run cannot see the drift between runs; run at least 2 invocations per side.",
		oldScript:        "The old script's \"performance difference\" (difference of grand means, percent): %s.",
		listSep:          ", ",
		disagreeFmt:      "%s %s: the difference of grand means %+.2f%% and the geometric mean change %+.2f%% have opposite signs, because %s.",
		whyMixed:         "the grand mean is dominated by the faster sizes while the geometric mean weighs every benchmark alike",
		whyGrid:          "the two values were measured on different grids (different record counts)",
		spreadMore:       "In these data, %d of %d model × phase groups vary more between invocations than the ± within one (ratio %s–%s, table below).",
		spreadNotMore:    "In these data the spread between invocations is not larger than the ± within one (%d model × phase groups, ratio %s–%s, table below).",
		sizeCol:          map[string]string{"pp": "n_prompt", "tg": "n_gen", "pp+tg": "n_prompt,n_gen"},
		textHeader:       "%s: task %s, %s %s vs %s (%s correction over %d benchmarks, α=%g, equivalence margin ±%g%%)",
		textCols:         "phase|size|%s|%s|vs base|adj. p|test|verdict",
		textNWayCols:     "phase|size|%s",
		modelHeading:     "model: %s",
		aggTitle:         "aggregates (geometric mean change per model × phase)",
		aggCols:          "phase|%sgeomean change [interval]|p|adj. p|benchmarks|test|verdict",
		warning:          "WARNING: ",
		nameCol:          "name",
		gatePass:         "PASS: no regression beyond the limit (%s)",
		gateFail:         "FAIL: %d regression(s) beyond the limit (%s)",
		gateUntested:     "FAIL: %d benchmark(s) could not be tested (%s)",
		gateHow:          "limit %s; %s correction, α=%g",
		gateLimits:       "%s; one-invocation benchmarks at least %g%%",
		gateAny:          "any regression",
		gateCounts:       "%d benchmarks: %d improved, %d regressed, %d equivalent, %d inconclusive, %d unverified, %d untested",
		gateTolerated:    "%d significant regression(s) within the limit:",
		gateUntestedHead: "%d benchmark(s) untested (no test possible, or a unit with no known direction):",
		findingCols:      "model|phase|size|change [95% interval]|adj. p|limit|test|design",
		allSizes:         "all",
		fullStop:         ".",
	},
}

func (l Lang) sig() *sigText {
	if t, ok := sigTexts[l]; ok {
		return t
	}
	return sigTexts[Chinese]
}
