// Command figure measures one export of 100,000 applications with excel.WriteApplications:
// wall time, file size and peak memory. It writes to a temporary file that it removes.
//
//	go run ./sitecore/excel/internal/figure [-n 100000] [-grades 11] [-lang ru]
//
// Peak memory is sampled from runtime.ReadMemStats every 10 ms (HeapInuse, HeapSys and Sys
// at their highest) and read from /proc/self/status (VmHWM, the resident set's high-water
// mark) at the end. The applications are made one at a time, so the figure is the export's.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
	"github.com/mektep/mektep/sitecore/excel/internal/fake"
)

func main() {
	n := flag.Int("n", 100_000, "applications to export")
	ngrades := flag.Int("grades", 11, "grades to spread them over (1 to 11)")
	lang := flag.String("lang", "ru", "language of the export")
	flag.Parse()
	if *ngrades < 1 || *ngrades > 11 {
		fmt.Fprintln(os.Stderr, "figure: -grades must be 1 to 11")
		os.Exit(2)
	}
	if err := run(*n, *ngrades, sitecore.Lang(*lang)); err != nil {
		fmt.Fprintln(os.Stderr, "figure:", err)
		os.Exit(1)
	}
}

// peaks are the highest memory figures seen by the sampler.
type peaks struct {
	mu                        sync.Mutex
	heapInuse, heapSys, sys   uint64
	totalAlloc, mallocs, nGCs uint64
}

func (p *peaks) sample() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.heapInuse = max(p.heapInuse, m.HeapInuse)
	p.heapSys = max(p.heapSys, m.HeapSys)
	p.sys = max(p.sys, m.Sys)
	p.totalAlloc, p.mallocs, p.nGCs = m.TotalAlloc, m.Mallocs, uint64(m.NumGC)
}

func run(n, ngrades int, lang sitecore.Lang) error {
	out, err := os.CreateTemp("", "mektep-figure-*.xlsx")
	if err != nil {
		return err
	}
	defer os.Remove(out.Name())
	defer out.Close()

	c := fake.Campaign()
	grades := make([]int, ngrades)
	for i := range grades {
		grades[i] = i + 1
	}

	var p peaks
	p.sample()
	before := p.totalAlloc
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				p.sample()
			}
		}
	}()

	start := time.Now()
	progressCalls := 0
	rows, err := excel.WriteApplications(out, c, lang, fake.Applications(c, n, grades), func(int) { progressCalls++ })
	if err == nil {
		err = out.Sync()
	}
	elapsed := time.Since(start)
	close(stop)
	<-done
	p.sample()
	if err != nil {
		return err
	}
	fi, err := out.Stat()
	if err != nil {
		return err
	}

	const mib = 1 << 20
	fmt.Printf("rows:            %d over %d grade sheet(s), lang %s (%d progress calls)\n", rows, ngrades, lang, progressCalls)
	fmt.Printf("wall time:       %.2f s (%.0f rows/s)\n", elapsed.Seconds(), float64(rows)/elapsed.Seconds())
	fmt.Printf("file size:       %.1f MiB (%d bytes)\n", float64(fi.Size())/mib, fi.Size())
	fmt.Printf("peak HeapInuse:  %.1f MiB\n", float64(p.heapInuse)/mib)
	fmt.Printf("peak HeapSys:    %.1f MiB\n", float64(p.heapSys)/mib)
	fmt.Printf("peak Sys:        %.1f MiB\n", float64(p.sys)/mib)
	fmt.Printf("TotalAlloc:      %.1f MiB in %d allocations, %d GCs\n", float64(p.totalAlloc-before)/mib, p.mallocs, p.nGCs)
	fmt.Printf("VmHWM:           %s\n", vmHWM())
	return nil
}

// vmHWM returns the VmHWM line of /proc/self/status: the peak resident set size.
func vmHWM() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unavailable: " + err.Error()
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unavailable"
}
