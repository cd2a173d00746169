// Command olympiadfigure measures one export of an olympiad round's results with
// excel.WriteOlympiadResults: wall time, file size and peak memory; then, as the floor in
// the same run, the same rows written as CSV with encoding/csv. Both go to temporary files
// that it removes.
//
//	go run ./sitecore/excel/internal/olympiadfigure [-n 100000]
//
// Peak memory is sampled from runtime.ReadMemStats every 10 ms and read from
// /proc/self/status (VmHWM) after the Excel export, before the CSV one. Rows are made one
// at a time, so the figure is the export's.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
	"github.com/mektep/mektep/sitecore/olympiad"
)

func main() {
	n := flag.Int("n", 100_000, "result rows")
	flag.Parse()
	if err := run(*n); err != nil {
		fmt.Fprintln(os.Stderr, "olympiadfigure:", err)
		os.Exit(1)
	}
}

// rows makes n result rows of a large round, one at a time into one reused row.
func rows(n int) func(func(*olympiad.ResultRow) error) error {
	return func(fn func(*olympiad.ResultRow) error) error {
		var r olympiad.ResultRow
		for i := range n {
			r.RegistrationID = int64(i + 1)
			r.Place, r.SchoolPlace, r.DistrictPlace, r.RegionPlace = i/3+1, i%30+1, i%300+1, i%3000+1
			r.Subject, r.Grade, r.Score, r.MaxScore = "Математика", 9+i%3, float64(100-i%100)+0.5, 100
			r.Participant = "Серікқызы Әлия Нұрланқызы " + strconv.Itoa(i)
			r.School = "№" + strconv.Itoa(i%700) + " мектеп-гимназия"
			r.District, r.Region = "Алмалы ауданы", "Алматы қаласы"
			r.Qualified, r.Absent, r.Award = i%10 == 0, i%97 == 0, olympiad.AwardParticipant
			if err := fn(&r); err != nil {
				return err
			}
		}
		return nil
	}
}

func run(n int) error {
	out, err := os.CreateTemp("", "mektep-olympiad-*.xlsx")
	if err != nil {
		return err
	}
	defer os.Remove(out.Name())
	defer out.Close()
	var peakHeap atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peakHeap.Load() {
				peakHeap.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	written, err := excel.WriteOlympiadResults(out, sitecore.Russian, rows(n), nil)
	if err == nil {
		err = out.Sync()
	}
	xlsx := time.Since(start)
	close(stop)
	<-done
	if err != nil {
		return err
	}
	hwm := vmHWM()
	fi, _ := out.Stat()

	c, err := os.CreateTemp("", "mektep-olympiad-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(c.Name())
	defer c.Close()
	start = time.Now()
	cw := csv.NewWriter(c)
	rec := make([]string, 15)
	err = rows(n)(func(r *olympiad.ResultRow) error {
		rec[0], rec[1], rec[2], rec[3], rec[4] = strconv.Itoa(r.Place), r.Participant, r.School, r.District, r.Region
		rec[5], rec[6], rec[7], rec[8] = r.Subject, strconv.Itoa(r.Grade), strconv.FormatFloat(r.Score, 'f', -1, 64), strconv.FormatFloat(r.MaxScore, 'f', -1, 64)
		rec[9], rec[10], rec[11] = strconv.Itoa(r.SchoolPlace), strconv.Itoa(r.DistrictPlace), strconv.Itoa(r.RegionPlace)
		rec[12], rec[13], rec[14] = strconv.FormatBool(r.Qualified), string(r.Award), strconv.FormatBool(r.Absent)
		return cw.Write(rec)
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err == nil {
		err = c.Sync()
	}
	csvTime := time.Since(start)
	if err != nil {
		return err
	}
	const mib = 1 << 20
	fmt.Printf("rows:           %d\n", written)
	fmt.Printf("xlsx wall time: %.2f s (%.0f rows/s), file %.1f MiB\n", xlsx.Seconds(), float64(written)/xlsx.Seconds(), float64(fi.Size())/mib)
	fmt.Printf("peak HeapInuse: %.1f MiB\n", float64(peakHeap.Load())/mib)
	fmt.Printf("VmHWM (xlsx):   %s\n", hwm)
	fmt.Printf("csv wall time:  %.2f s (floor: same rows, encoding/csv); xlsx/csv = %.1f\n", csvTime.Seconds(), xlsx.Seconds()/csvTime.Seconds())
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
