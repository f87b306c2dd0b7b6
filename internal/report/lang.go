package report

import "fmt"

// Lang is the language of the Markdown report: "zh" (the zero value's
// meaning, Chinese) or "en". It implements flag.Value.
type Lang string

// Languages the report is written in.
const (
	Chinese Lang = "zh"
	English Lang = "en"
)

// String returns the language code; the zero Lang is Chinese.
func (l *Lang) String() string {
	if l == nil || *l == "" {
		return string(Chinese)
	}
	return string(*l)
}

// Set parses a language code.
func (l *Lang) Set(s string) error {
	switch Lang(s) {
	case Chinese, English:
		*l = Lang(s)
		return nil
	}
	return fmt.Errorf("unknown language %q (want zh or en)", s)
}

// text holds every fixed string of the Markdown report in one language.
// Strings with %s take the option name unless noted.
type text struct {
	title, source, task, synthetic                     string
	overview, total, models, phases, values, baseNew   string
	promptRange, genRange                              string
	counts, countCols                                  string
	perf, perfCols, diff                               string
	charts, perModel, perModelNote, aggregate, aggNote string
	compareAlt, aggregateAlt                           string
	// The change charts (alt: phase; note), the run-order chart (title,
	// alt: option, note: option, the caveat's link: file), and the note on
	// models measured for one value (list, option).
	changeAlt, changeNote, runOrder, runOrderAlt, runOrderNote, seeRunOrder, oneValueNote string
	files, rawFile, summaryFile, diffFile, benchFile                                      string
	sigFile                                                                               string
	benchNote                                                                             string
	phaseTitle                                                                            map[string]string
	// The scaling view of a numeric option with several new values:
	// section title (option), table header (option, unit), chart alt text
	// and note (option, base).
	scaling, scalingCols, scalingAlt, scalingNote string
}

var texts = map[Lang]*text{
	Chinese: {
		title:        "# %s深度扫描分析数据报告",
		source:       "数据来源: %s",
		task:         "任务: %s",
		synthetic:    "> 注意：这是内置的合成演示数据（synthetic demo data），不是真实测量结果。",
		overview:     "## 数据概览",
		total:        "总测试记录数",
		models:       "涉及模型",
		phases:       "性能指标",
		values:       "%s值",
		baseNew:      "基准 %s，对比 %s",
		promptRange:  "n_prompt范围",
		genRange:     "n_gen范围",
		counts:       "## 测试记录统计",
		countCols:    "%s值|模型|性能指标|测试记录数",
		perf:         "## 性能数据表格",
		perfCols:     "模型|%s值|数据点数|平均性能(%s)|性能标准差|最小性能|最大性能|平均CV(%%)|最大CV(%%)|n_prompt范围|n_gen范围",
		diff:         "## %s差异分析",
		charts:       "## 分析图表",
		perModel:     "### 单模型对比图",
		perModelNote: "*图表说明: 每个图表显示%s=%s和%s=%s条件下的性能散点图，误差棒为检验所用的区间（中位数的 95%% 置信区间，或 ᵗ 均值的 95%% t 区间）。最后一个子图按相同 n_prompt、n_gen 配对直接对比。*",
		aggregate:    "### 聚合对比图",
		aggNote:      "*聚合图表说明: 左上-性能vs n_prompt，右上-稳定性(CV)vs n_prompt，左下-性能vs n_gen，右下-稳定性(CV)vs n_gen。每张图只含该性能指标的数据；颜色区分%s值，形状区分模型。*",
		compareAlt:   "%s %s对比",
		changeAlt:    "%s 性能变化",
		changeNote:   "*变化图：每个点是一个基准的变化（新值相对基准值，%），竖线为其 95% 区间；灰色带为等效范围 ±容差，彩色带为模型汇总（几何平均及其区间）；颜色表示结论。*",
		runOrder:     "### 运行顺序图",
		runOrderAlt:  "%s 运行顺序",
		runOrderNote: "*运行顺序图：每个点是一条记录的性能除以同一基准的中位数，横轴为运行时间，颜色区分%s值。两种颜色前后分开而不交错，说明取值与运行时间混淆。*",
		seeRunOrder:  "运行顺序见 [运行顺序图](%s)。",
		oneValueNote: "*%s 只测了一个%s值，没有对比图。*",
		aggregateAlt: "%s聚合对比",
		files:        "## 数据文件",
		rawFile:      "原始数据",
		summaryFile:  "汇总数据",
		diffFile:     "差异数据",
		benchFile:    "benchfmt 数据",
		sigFile:      "显著性数据",
		benchNote:    "所有测试记录的详细数据|按模型和%s值汇总的统计数据|%s=%s与%s=%s的差异对比数据|每个%s值一个文件，可用 `benchstat bench/*.txt` 比较|每个基准一行：中心值、95% 区间、变化、p 值、校正后 p 值、结论",
		scaling:      "### %s 扩展性",
		scalingCols:  "模型|性能指标|%s值|平均性能(%s)|相对基准的加速比(95%% 区间)|校正后p|结论",
		scalingAlt:   "%s 扩展性",
		scalingNote:  "*加速比为各基准新旧中心值之比的几何平均（%s=%s 为 1）；区间与结论同显著性分析。*",
		phaseTitle: map[string]string{
			"pp": "### PP (Prefill阶段) 性能数据", "tg": "### TG (Decode阶段) 性能数据", "pp+tg": "### PP+TG (完整推理) 性能数据",
		},
	},
	English: {
		title:        "# %s sweep analysis report",
		source:       "Data source: %s",
		task:         "Task: %s",
		synthetic:    "> Note: this is the built-in synthetic demo data, not real measurements.",
		overview:     "## Overview",
		total:        "Records",
		models:       "Models",
		phases:       "Phases",
		values:       "%s values",
		baseNew:      "base %s, new %s",
		promptRange:  "n_prompt range",
		genRange:     "n_gen range",
		counts:       "## Records per group",
		countCols:    "%s|Model|Phase|Records",
		perf:         "## Performance tables",
		perfCols:     "Model|%s|Records|Mean speed (%s)|Std of speed|Min speed|Max speed|Mean CV (%%)|Max CV (%%)|n_prompt range|n_gen range",
		diff:         "## %s differences",
		charts:       "## Charts",
		perModel:     "### Per-model comparison",
		perModelNote: "*Each chart shows speed for %s=%s and %s=%s, with error bars for the interval the test used (the median's 95%% CI, or the mean's 95%% t-interval). The last panel pairs invocations with the same n_prompt and n_gen.*",
		aggregate:    "### Aggregate comparison",
		aggNote:      "*Top left: speed vs n_prompt; top right: stability (CV) vs n_prompt; bottom left: speed vs n_gen; bottom right: stability (CV) vs n_gen. Each chart holds only its phase; colour is the %s value, marker shape the model.*",
		compareAlt:   "%s %s comparison",
		changeAlt:    "%s change",
		changeNote:   "*Change charts: each point is one benchmark's change (new against base, %), its bar the 95% interval; the grey band is the equivalence margin, the coloured band the model's aggregate (geometric mean and interval); colour is the verdict.*",
		runOrder:     "### Run order",
		runOrderAlt:  "%s run order",
		runOrderNote: "*Run order: each point is one record's speed divided by its benchmark's median, against the time it ran, coloured by %s value. Colours that follow one another instead of mixing mean the value is confounded with time.*",
		seeRunOrder:  "The run order is in the [run-order chart](%s).",
		oneValueNote: "*%s: measured for one %s value only, no comparison chart.*",
		aggregateAlt: "%s aggregate comparison",
		files:        "## Data files",
		rawFile:      "Raw data",
		summaryFile:  "Summary",
		diffFile:     "Differences",
		benchFile:    "benchfmt data",
		sigFile:      "Significance",
		benchNote:    "every record in detail|statistics per model and %s value|differences between %s=%s and %s=%s|one file per %s value; compare them with `benchstat bench/*.txt`|one row per benchmark: centers, 95% intervals, change, p-value, adjusted p-value, verdict",
		scaling:      "### %s scaling",
		scalingCols:  "Model|Phase|%s|Mean speed (%s)|Speedup over the base (95% interval)|Adjusted p|Verdict",
		scalingAlt:   "%s scaling",
		scalingNote:  "*The speedup is the geometric mean of the benchmarks' ratios of centers (%s=%s is 1); intervals and verdicts as in the significance section.*",
		phaseTitle: map[string]string{
			"pp": "### PP (prefill) performance", "tg": "### TG (decode) performance", "pp+tg": "### PP+TG (end to end) performance",
		},
	},
}

func (l Lang) text() *text {
	if t, ok := texts[l]; ok {
		return t
	}
	return texts[Chinese]
}
