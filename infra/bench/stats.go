package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"
)

// percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of samples:
// the smallest sample with at least p% of them at or below it.
func percentile(samples []time.Duration, p float64) time.Duration {
	if len(samples) == 0 {
		return 0
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

// ms formats a duration in milliseconds with enough digits for both cold
// starts (a few ms) and latencies.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond))
}

// printMachine says where the numbers come from.
func printMachine(w io.Writer) {
	goVersion := runtime.Version()
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		goVersion = strings.TrimSpace(string(out)) // the toolchain that builds the functions
	}
	fmt.Fprintf(w, "# make bench, %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "| Machine | |\n|---|---|\n")
	fmt.Fprintf(w, "| CPU | %s |\n", cpuModel())
	fmt.Fprintf(w, "| CPUs (nproc) | %d |\n", runtime.NumCPU())
	fmt.Fprintf(w, "| OS/arch | %s/%s |\n", runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "| Go | %s |\n", goVersion)
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		// Other work on the machine shows in every number below.
		f := strings.Fields(string(b))
		fmt.Fprintf(w, "| Load average at start (1, 5, 15 min) | %s |\n", strings.Join(f[:min(3, len(f))], ", "))
	}
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
