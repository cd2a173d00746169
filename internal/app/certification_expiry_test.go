package app_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/workflows"
)

// certExpiring is a certified person whose certificate expires at a set moment.
type certExpiring struct {
	user, enrollment, cert int64
	expires                time.Time
}

// bulkCertified stores, as fixtures, n people of the course certified until the expiry
// given for each (SQL in bulk: the benchmark needs thousands), with the capability granted,
// and returns them.
func bulkCertified(t testing.TB, s *stack, course int64, tag string, n int, expires func(i int) time.Time) []certExpiring {
	t.Helper()
	ctx := context.Background()
	out := make([]certExpiring, n)
	rows, err := s.App.DB.Pool.Query(ctx, `INSERT INTO users (email, email_verified_at, password_hash, full_name, lang, visibility)
		SELECT 'cert-'||$1||'-'||i||'@expiry.kz', now(), '', 'Admin '||i, 'ru', 'members' FROM generate_series(0, $2 - 1) i
		RETURNING id`, tag, n)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; rows.Next(); i++ {
		if err := rows.Scan(&out[i].user); err != nil {
			t.Fatal(err)
		}
	}
	rows.Close()
	st := s.App.DB.Certification()
	now := time.Now()
	var wg sync.WaitGroup
	next := make(chan int)
	for range 16 {
		wg.Go(func() {
			for i := range next {
				e := &certification.Enrollment{UserID: out[i].user, CourseID: course}
				if err := st.CreateEnrollment(ctx, e); err != nil {
					t.Error(err)
					continue
				}
				c := &certification.Certificate{IssuedAt: now, ExpiresAt: expires(i)}
				if err := st.IssueCertificate(ctx, e.ID, c); err != nil {
					t.Error(err)
					continue
				}
				out[i].enrollment, out[i].cert, out[i].expires = e.ID, c.ID, c.ExpiresAt
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// startCertified starts the certification workflows of certified people (as a workflow
// continues as new once certified), parallel starts, and returns how long it took.
func startCertified(t testing.TB, s *stack, course *certification.Course, people []certExpiring) time.Duration {
	t.Helper()
	ctx := context.Background()
	began := time.Now()
	var wg sync.WaitGroup
	next := make(chan certExpiring)
	for range 32 {
		wg.Go(func() {
			for p := range next {
				st := &workflows.CertificationState{CertEnrollment: activities.CertEnrollment{EnrollmentID: p.enrollment, UserID: p.user,
					Kind: course.Kind, Phase: certification.PhaseCertified, Exam: course.Exam, Refresher: course.Refresher,
					Validity: certification.DefaultValidity, CertificateID: p.cert}, ExpiresAt: p.expires, ValiditySince: time.Now()}
				_, err := s.App.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.CertificationWorkflowID(p.user, course.Kind),
					TaskQueue: s.Env["TEMPORAL_TASK_QUEUE"]}, workflows.Certification, workflows.CertificationInput{EnrollmentID: p.enrollment, State: st})
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	for _, p := range people {
		next <- p
	}
	close(next)
	wg.Wait()
	return time.Since(began)
}

// grantsLeft counts the capability grants of the certificates still in place.
func grantsLeft(t testing.TB, s *stack, people []certExpiring) int {
	t.Helper()
	var n int
	if err := s.App.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM user_capabilities WHERE certificate_id = ANY($1)`, certIDs(people)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCertificationWorkerKilledAtExpiry: certificates of 20 admins expire 50 ms apart and
// the worker process is killed (SIGKILL) as soon as the first capability is withdrawn; a new worker starts two
// seconds later. Every capability is withdrawn, each exactly once (one audit row per
// certificate), every holder is emailed about the expiry once, and the template editor,
// open to them before, refuses them afterwards, saying when the certificate expired.
func TestCertificationWorkerKilledAtExpiry(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true})
	bin := buildMektep(t)
	ctx := context.Background()
	school := provisionTenantNoWorker(t, s, "cert-expiry")
	courseID, _ := certCourse(t, s)
	course, err := s.App.DB.Certification().FindCourse(ctx, courseID)
	if err != nil {
		t.Fatal(err)
	}
	w1 := startWorker(t, bin, s)
	const n = 20
	expiry := time.Now().Add(12 * time.Second).Truncate(time.Second)
	people := bulkCertified(t, s, courseID, "crash", n, func(i int) time.Time { return expiry.Add(time.Duration(i) * 50 * time.Millisecond) })
	for _, p := range people {
		if err := s.App.DB.AddMember(ctx, sitecore.Membership{SiteID: school, UserID: p.user, Role: sitecore.RoleAdmin}, nil); err != nil {
			t.Fatal(err)
		}
	}
	startCertified(t, s, course, people)
	first := session(t, s, people[0].user)
	last := session(t, s, people[n-1].user)
	css := func(cookie, body string) response {
		return s.do("PUT", fmt.Sprintf("/api/v1/sites/%d/theme/theme.css", school), map[string]any{"body": body}, "Cookie", cookie, "Accept-Language", "en")
	}
	if r := css(first, "body{color:#111}"); r.Status != 200 {
		t.Fatalf("a certified admin before expiry: %d %s", r.Status, r.Body)
	}

	// Kill the worker as soon as the first capability is withdrawn, with the others falling
	// due around it.
	time.Sleep(time.Until(expiry))
	testenv.Eventually(t, 10*time.Second, "the first withdrawal", func() bool { return grantsLeft(t, s, people) < n })
	if err := w1.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = w1.Wait()
	mid := n - grantsLeft(t, s, people)
	time.Sleep(2 * time.Second)
	startWorker(t, bin, s)
	testenv.Eventually(t, 60*time.Second, "every capability withdrawn", func() bool { return grantsLeft(t, s, people) == 0 })
	t.Logf("killed with %d of %d capabilities withdrawn", mid, n)

	for _, p := range people {
		var audits int
		if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'certificate.expired' AND target = $1`,
			"certificate:"+strconv.FormatInt(p.cert, 10)).Scan(&audits); err != nil {
			t.Fatal(err)
		}
		if audits != 1 {
			t.Errorf("certificate %d: withdrawn %d times", p.cert, audits)
		}
		testenv.Eventually(t, 30*time.Second, "expiry email", func() bool { return len(mailTo(t, s, fmt.Sprintf("cert-crash-%d@expiry.kz", indexOf(people, p)))) >= 1 })
	}
	time.Sleep(time.Second)
	for i := range people {
		got := mailTo(t, s, fmt.Sprintf("cert-crash-%d@expiry.kz", i))
		ids := map[string]bool{}
		for _, m := range got {
			ids[m.MessageID] = true
		}
		if len(ids) != 1 {
			t.Errorf("holder %d: %d distinct expiry emails", i, len(ids))
		}
	}
	for _, c := range []string{first, last} {
		r := css(c, "body{color:#222}")
		if _, _, msg := r.Error(t); r.Status != 403 || !strings.Contains(msg, expiry.In(sitecore.Almaty).Format("2006-01-02")) {
			t.Errorf("an expired admin after the crash: %d %q", r.Status, msg)
		}
	}
}

func indexOf(people []certExpiring, p certExpiring) int {
	for i := range people {
		if people[i].cert == p.cert {
			return i
		}
	}
	return -1
}

// TestCertificationBenchExpiries (a benchmark, run by hand; see docs/benchmarks.md):
// MEKTEP_BENCH_CERTS certificates expire at the same second; the worker is a separate
// `mektep worker` process. It reports how long after that second every capability grant was
// withdrawn, by how many transactions, the worker's memory, and, as the peer, the same
// withdrawal statement run directly over as many grant rows in the same database.
func TestCertificationBenchExpiries(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_CERTS"))
	if n == 0 {
		t.Skip("set MEKTEP_BENCH_CERTS to run the expiry benchmark")
	}
	s := startStack(t, stackOptions{noWorker: true})
	bin := buildMektep(t)
	ctx := context.Background()
	courseID, _ := certCourse(t, s)
	course, err := s.App.DB.Certification().FindCourse(ctx, courseID)
	if err != nil {
		t.Fatal(err)
	}
	w := startWorker(t, bin, s)
	lead, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_LEAD")) // seconds from now to the expiry
	if lead == 0 {
		lead = 240
	}
	expiry := time.Now().Add(time.Duration(lead) * time.Second).Truncate(time.Second)
	people := bulkCertified(t, s, courseID, "bench", n, func(int) time.Time { return expiry })
	took := startCertified(t, s, course, people)
	t.Logf("%d workflows started in %s (%.0f/s); expiry in %s", n, took.Round(time.Millisecond), float64(n)/took.Seconds(), time.Until(expiry).Round(time.Second))
	if time.Now().After(expiry) {
		t.Fatalf("the starts overran the expiry: raise MEKTEP_BENCH_LEAD")
	}
	rssBefore := rssKB(w.Process.Pid, "VmRSS")
	var peak atomic.Int64
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(500 * time.Millisecond):
				if k := int64(rssKB(w.Process.Pid, "VmRSS")); k > peak.Load() {
					peak.Store(k)
				}
			}
		}
	}()
	time.Sleep(time.Until(expiry))
	marks := map[int]time.Duration{}
	for left := grantsLeft(t, s, people); left > 0; left = grantsLeft(t, s, people) {
		done := n - left
		for _, q := range []int{1, n / 2, n * 9 / 10, n * 99 / 100} {
			if _, ok := marks[q]; !ok && done >= q {
				marks[q] = time.Since(expiry)
			}
		}
		if time.Since(expiry) > 30*time.Minute {
			t.Fatalf("%d capabilities left after 30 min", left)
		}
		time.Sleep(20 * time.Millisecond)
	}
	all := time.Since(expiry)
	for _, q := range []int{1, n / 2, n * 9 / 10, n * 99 / 100} {
		if _, ok := marks[q]; !ok {
			marks[q] = all // reached between the last two polls
		}
	}
	ids := make([]string, n)
	for i, p := range people {
		ids[i] = "certificate:" + strconv.FormatInt(p.cert, 10)
	}
	var audits, txs int
	var began time.Time // the start of the first withdrawing transaction (its now())
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT created_at), min(created_at) FROM audit_log
		WHERE action = 'certificate.expired' AND target = ANY($1)`, ids).Scan(&audits, &txs, &began); err != nil {
		t.Fatal(err)
	}
	if audits != n {
		t.Errorf("%d expiry audit rows for %d certificates", audits, n)
	}
	// Let the workflows' own steps (their emails) run for a while, for the memory figure.
	time.Sleep(time.Minute)
	close(stop)
	t.Logf("every one of %d capabilities withdrawn %s after the expiry second (first %s, 50%% %s, 90%% %s, 99%% %s; polled every 20 ms) by %d transaction(s), the first begun %s after the expiry; worker RSS %d MB before, peak %d MB up to a minute after",
		n, all.Round(10*time.Millisecond), marks[1].Round(10*time.Millisecond), marks[n/2].Round(10*time.Millisecond), marks[n*9/10].Round(10*time.Millisecond),
		marks[n*99/100].Round(10*time.Millisecond), txs, began.Sub(expiry).Round(10*time.Millisecond), rssBefore/1024, peak.Load()/1024)

	// The peer: the same grants stored again (expired) and withdrawn by the store's own call,
	// directly, in the same database.
	if _, err := s.App.DB.Pool.Exec(ctx, `INSERT INTO user_capabilities (user_id, capability, certificate_id, expires_at)
		SELECT c.user_id, 'edit_templates', c.id, c.expires_at FROM certificates c WHERE c.id = ANY($1)`, certIDs(people)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	got, err := s.App.DB.Certification().ExpireCertificate(ctx, people[0].cert, expiry)
	if err != nil || got != n {
		t.Fatalf("peer: withdrew %d of %d: %v", got, n, err)
	}
	raw := time.Since(start)
	t.Logf("peer: the withdrawal statement over %d grants, run directly: %s; the workflows' withdrawal took %.1f× that (from the expiry second)",
		n, raw.Round(time.Millisecond), all.Seconds()/raw.Seconds())
}

func certIDs(people []certExpiring) []int64 {
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.cert
	}
	return ids
}
