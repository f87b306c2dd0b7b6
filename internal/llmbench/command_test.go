package llmbench

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKnobsFromCommand(t *testing.T) {
	for _, tc := range []struct {
		cmd  string
		want map[string]string
	}{
		{ // the reference sidecars' command (qwen2_5_0_5b_1_params.json)
			"taskset -c 1 /home/phyer/mnn-tst/phy_mnn/build/llm_bench_prompt -m /home/phyer/mnn-tst/models/Qwen2.5-0.5B/config.json " +
				"-fp /home/phyer/mnn-tst/mnn_llm_benchmark/temp/qwen2_5_0_5b_1764259722_raw.txt -p 64 -n 32 -dyo 7",
			map[string]string{"model_path": "/home/phyer/mnn-tst/models/Qwen2.5-0.5B/config.json", "n_prompt": "64", "n_gen": "32", "dynamicOption": "7"},
		},
		{ // every short flag
			"./llm_bench -m a/config.json -a cpu -c 2 -t 4 -p 64 -n 32 -pg 512,128 -mmp 1 -rep 3 -kv false -load true " +
				"-dyo 8 -mr 41 -scn 2 -qatten 1 -vp 1 -v 0 -pf prompt.txt -ipf img.png -fp out.txt -j res.json",
			map[string]string{
				"model_path": "a/config.json", "backend": "cpu", "precision": "2", "threads": "4", "n_prompt": "64",
				"n_gen": "32", "prompt_gen": "512,128", "mmap": "1", "repeat": "3", "kv_cache": "false",
				"loading_time": "true", "dynamicOption": "8", "divisionRatioSme2Neon": "41", "smeCoreNum": "2",
				"quantAttention": "1", "vp": "1", "verbose": "0", "prompt_file": "prompt.txt", "image_file": "img.png",
			},
		},
		{ // long flags; llm_bench reads --n_prompt as --n-prompt
			"llm_bench --model m.json --backends opencl --precision 0 --threads 1,4 --n_prompt 128 --n-gen 16 --mmap 0 " +
				"--n-repeat 10 --kv-cache true --loading-time false --dynamicOption 7 --mixedSme2NeonRatio 33 " +
				"--sme-core-num 1 --quant-attention 0 --memory 2 --power 0 --variable-prompt 0 --verbose 1 " +
				"--prompt-file p.txt --image-file i.png --file-print o.txt --json",
			map[string]string{
				"model_path": "m.json", "backend": "opencl", "precision": "0", "threads": "1,4", "n_prompt": "128",
				"n_gen": "16", "mmap": "0", "repeat": "10", "kv_cache": "true", "loading_time": "false",
				"dynamicOption": "7", "divisionRatioSme2Neon": "33", "smeCoreNum": "1", "quantAttention": "0",
				"memory": "2", "power": "0", "vp": "0", "verbose": "1", "prompt_file": "p.txt", "image_file": "i.png",
			},
		},
		{ // list flags given twice append, as llm_bench does; scalar flags keep the last
			"llm_bench -p 64 -p 128 -pg 64,32 -pg 128,64 -mmp 0 -mmp 1",
			map[string]string{"n_prompt": "64,128", "prompt_gen": "64,32;128,64", "mmap": "1"},
		},
		{ // unknown flags, quoting, a redirection and a pipe
			`env X=1 "/opt/my dir/llm_bench" -pf 'my prompt.txt' --new-flag 5 -x -t 2 2>&1 > log.txt | tee out -p 9`,
			map[string]string{"prompt_file": "my prompt.txt", "new-flag": "5", "x": "", "threads": "2"},
		},
		{"/bin/llm_bench.exe -h", map[string]string{}},
		{`C:\mnn\llm_bench.exe -n 8 -pf a\ b.txt`, map[string]string{"n_gen": "8", "prompt_file": "a b.txt"}},
		{"python3 tools/llm_bench.py -p 64", map[string]string{"n_prompt": "64"}},
	} {
		got, err := KnobsFromCommand(tc.cmd)
		if err != nil {
			t.Errorf("KnobsFromCommand(%q): %v", tc.cmd, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("KnobsFromCommand(%q) (-want +got):\n%s", tc.cmd, diff)
		}
	}
}

func TestKnobsFromCommandErrors(t *testing.T) {
	for cmd, want := range map[string]string{
		"":                                  "no llm_bench program",
		"taskset -c 1 ./llm_benchmark -p 1": "no llm_bench program",
		"llm_bench -p":                      "flag -p needs a value",
		"llm_bench 64":                      `unexpected argument "64"`,
		"llm_bench -m 'a.json":              "unclosed quote",
		"llm_bench -- -p 1":                 `unexpected argument "--"`,
	} {
		_, err := KnobsFromCommand(cmd)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("KnobsFromCommand(%q) error = %v, want …%s…", cmd, err, want)
		}
	}
}
