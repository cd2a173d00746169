package app_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/httpapi"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/eds/edstest"
	"github.com/mektep/mektep/sitecore/survey"
)

// lockedBuffer collects the stack's logs from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSurveyLinkage is an attacker with everything the platform's operators have after a
// secret vote: every table and column of the survey's rows with their physical places
// (ctid) and inserting transactions (xmin), the sequences, every line the server and the
// worker logged (debug level, with request IDs and users) and the Temporal histories. Voters
// vote one after another without any pause (the worst case: the page waits a random time
// before sending the ballot; this test does not), logged in, and check their receipts with
// the session too. Each strategy tries to tell which voter cast which ballot; none may do
// better than chance. The truth is a text each voter writes, which only the test reads.
func TestSurveyLinkage(t *testing.T) {
	const n = 20
	var logs lockedBuffer
	log := slog.New(httpapi.LogHandler(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	root, roots := testNCARoot(t)
	s := startStack(t, stackOptions{log: log, env: map[string]string{"MEKTEP_EDS_ROOTS_DIR": roots, "MEKTEP_LOG_LEVEL": "debug"}})
	ctx := context.Background()
	site := provisionTenantNoWorker(t, s, "school-linkage")
	op := []string{"Authorization", "Bearer " + s.Token}

	type voter struct {
		user    *sitecore.User
		cookie  string
		iin     string
		text    string
		receipt string
	}
	voters := make([]voter, n)
	iins := make([]string, n)
	for i := range voters {
		u, cookie := verifiedParent(t, s, fmt.Sprintf("linkage%d@example.kz", i), sitecore.Russian)
		iins[i] = childIIN(900 + i)
		voters[i] = voter{user: u, cookie: cookie, iin: iins[i], text: fmt.Sprintf("secret-%d-%s", i, randomHex(4))}
	}
	id, path := createSurvey(t, s, site, surveyDef(survey.Anonymous, map[string]any{"kind": "iin_list"},
		time.Now().Add(-time.Minute), time.Now().Add(time.Hour), true), op...)
	uploadIINs(t, s, path, iins, op...)
	scheduleSurvey(t, s, path, op...)
	for i := range voters {
		v := &voters[i]
		h := root.Issue(edstest.Individual(edstest.GOST512, v.iin, "ҚҰПИЯ", fmt.Sprint("САЙЛАУШЫ", i)))
		v.receipt = voteAnonymously(t, s, path, h, map[string]survey.Answer{"q": {Choice: "a"}, "t": {Text: v.text}}, v.cookie)
		// The voter checks the receipt through the API and on the page, with the session.
		if r := s.do("GET", path+"/receipts/"+v.receipt, nil, "Cookie", v.cookie); r.Status != 200 || r.JSON(t)["counted"] != true {
			t.Fatalf("receipt: %d %s", r.Status, r.Body)
		}
		if r := s.do("GET", fmt.Sprintf("/ru/surveys/%d?receipt=%s", id, v.receipt), nil, "Host", "school-linkage.edu.kz", "Cookie", v.cookie); r.Status != 200 {
			t.Fatalf("page with receipt: %d", r.Status)
		}
	}
	if r := s.operator("POST", path+"/close", nil); r.Status != 200 {
		t.Fatalf("close: %d %s", r.Status, r.Body)
	}
	if res := finalResults(t, s, path, time.Minute); res.Ballots != n {
		t.Fatalf("%d ballots counted, want %d", res.Ballots, n)
	}

	// What the attacker reads.
	type ballotRow struct {
		ctid, xmin, id      string
		token, receipt, ans []byte
		truth               int
	}
	type voterRow struct {
		xmin     string
		hash     []byte
		account  int64
		votedAt  time.Time
		ballot   []byte
		receipt  []byte
		index    int // the test's voter, by account
		nonceUse time.Time
	}
	var ballots []ballotRow
	rows, err := s.App.DB.Pool.Query(ctx, `SELECT ctid::text, xmin::text, id::text, token_hash, receipt_hash, answers
		FROM survey_ballots b WHERE survey_id = $1 ORDER BY b.ctid`, id)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var b ballotRow
		if err := rows.Scan(&b.ctid, &b.xmin, &b.id, &b.token, &b.receipt, &b.ans); err != nil {
			t.Fatal(err)
		}
		b.truth = -1
		for i, v := range voters {
			if bytes.Contains(b.ans, []byte(v.text)) {
				b.truth = i
			}
		}
		ballots = append(ballots, b)
	}
	if rows.Err() != nil || len(ballots) != n {
		t.Fatalf("%d ballots read: %v", len(ballots), rows.Err())
	}
	var vrows []voterRow
	rows, err = s.App.DB.Pool.Query(ctx, `SELECT xmin::text, iin_hash, coalesce(account_id, 0), voted_at, ballot, receipt_hash
		FROM survey_voters WHERE survey_id = $1 ORDER BY voted_at, xmin::text::bigint`, id)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v voterRow
		if err := rows.Scan(&v.xmin, &v.hash, &v.account, &v.votedAt, &v.ballot, &v.receipt); err != nil {
			t.Fatal(err)
		}
		v.index = slices.IndexFunc(voters, func(x voter) bool { return x.user.ID == v.account })
		if v.ballot != nil || v.receipt != nil {
			t.Errorf("a voter's row holds a ballot or a receipt in anonymous mode")
		}
		vrows = append(vrows, v)
	}
	if rows.Err() != nil || len(vrows) != n {
		t.Fatalf("%d voters read: %v", len(vrows), rows.Err())
	}

	// The ballots' table has nothing but the ballot: no time, sequence, account or link.
	var cols []string
	rows, err = s.App.DB.Pool.Query(ctx, `SELECT column_name || ':' || coalesce(column_default, '') FROM information_schema.columns
		WHERE table_name = 'survey_ballots' ORDER BY column_name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		_ = rows.Scan(&c)
		cols = append(cols, c)
	}
	if want := []string{"answers:", "id:gen_random_uuid()", "receipt_hash:", "survey_id:", "token_hash:"}; !slices.Equal(cols, want) {
		t.Errorf("survey_ballots columns %v, want %v", cols, want)
	}

	// Each strategy guesses a voter for every ballot; chance is about one right in n.
	const chance = 5 // a random guess gets more than 5 of 20 right with probability < 0.1 %
	score := func(name string, guess func(k int, b ballotRow) int) {
		t.Helper()
		right := 0
		for k, b := range ballots {
			if g := guess(k, b); g >= 0 && g == b.truth {
				right++
			}
		}
		t.Logf("%s: %d of %d linked", name, right, n)
		if right > chance {
			t.Errorf("%s links %d of %d ballots to their voters", name, right, n)
		}
	}
	// 1. The ballots' physical order against the order of voting.
	score("row order (ctid)", func(k int, _ ballotRow) int { return vrows[k].index })
	// 2. The ballots' IDs in order against the order of voting.
	byID := slices.Clone(ballots)
	sort.Slice(byID, func(i, j int) bool { return byID[i].id < byID[j].id })
	score("ID order", func(_ int, b ballotRow) int {
		return vrows[slices.IndexFunc(byID, func(x ballotRow) bool { return x.id == b.id })].index
	})
	// 3. The inserting transaction: the voter recorded last before the ballot's transaction.
	score("transaction IDs (xmin)", func(_ int, b ballotRow) int {
		bx, _ := strconv.ParseInt(b.xmin, 10, 64)
		best, bestX := -1, int64(-1)
		for _, v := range vrows {
			if vx, _ := strconv.ParseInt(v.xmin, 10, 64); vx <= bx && vx > bestX {
				best, bestX = v.index, vx
			}
		}
		return best
	})

	// The logs: parse every line.
	type line struct {
		Time  time.Time `json:"time"`
		Msg   string    `json:"msg"`
		Route string    `json:"route"`
		Path  string    `json:"path"`
		User  string    `json:"user"`
		raw   string
	}
	var lines []line
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var l line
		if json.Unmarshal(sc.Bytes(), &l) == nil {
			l.raw = sc.Text()
			lines = append(lines, l)
		}
	}
	userVoter := func(user string) int {
		return slices.IndexFunc(voters, func(v voter) bool { return user == "user:"+strconv.FormatInt(v.user.ID, 10) })
	}
	var eligibility, anonymous []line
	for _, l := range lines {
		switch {
		case strings.HasSuffix(l.Route, "/eligibility"):
			eligibility = append(eligibility, l)
		case strings.HasSuffix(l.Route, "/anonymous-ballots"):
			anonymous = append(anonymous, l)
			if l.User != "" {
				t.Errorf("an anonymous ballot logged with its user: %s", l.raw)
			}
		}
	}
	if len(eligibility) != n || len(anonymous) != n {
		t.Fatalf("logged %d eligibility and %d ballot requests, want %d (is the request log on?)", len(eligibility), len(anonymous), n)
	}
	// 4. Anything of a ballot written in a log line (its ID, hashes, or a receipt code whose
	// hash is a ballot's), and the user of that line or the last eligibility before it.
	word := regexp.MustCompile(`[A-Za-z0-9+=_-]{8,}`)
	lastEligible := func(at time.Time) int {
		best := -1
		for _, e := range eligibility {
			if !e.Time.After(at) {
				best = userVoter(e.User)
			}
		}
		return best
	}
	score("ballot values in the logs", func(_ int, b ballotRow) int {
		needles := []string{b.id, hex.EncodeToString(b.token), hex.EncodeToString(b.receipt),
			base64.StdEncoding.EncodeToString(b.token), base64.StdEncoding.EncodeToString(b.receipt)}
		for _, l := range lines {
			hit := slices.ContainsFunc(needles, func(x string) bool { return strings.Contains(l.raw, x) })
			for _, w := range word.FindAllString(l.raw, -1) {
				if h, ok := survey.ReceiptHash(w); ok && bytes.Equal(h, b.receipt) {
					hit = true
				}
			}
			if hit {
				t.Errorf("a log line names a ballot: %s", l.raw)
				if u := userVoter(l.User); u >= 0 {
					return u
				}
				return lastEligible(l.Time)
			}
		}
		return -1
	})
	// 5. The k-th ballot in the table is the k-th ballot request in the log, and its voter the
	// one whose eligibility was logged last before that request.
	sort.Slice(anonymous, func(i, j int) bool { return anonymous[i].Time.Before(anonymous[j].Time) })
	score("row order with log times", func(k int, _ ballotRow) int { return lastEligible(anonymous[k].Time) })
	// 6. The eligibility requests' times against the voters' recorded times: they match (who
	// voted when is not secret), so the logs add nothing a ballot could be matched with.
	for _, e := range eligibility {
		if userVoter(e.User) < 0 {
			t.Errorf("eligibility logged without its user: %s", e.raw)
		}
	}

	// The Temporal histories carry no ballot, receipt, IIN or name.
	var needles []string
	for _, v := range voters {
		needles = append(needles, v.text, v.receipt, v.iin, v.user.Email)
	}
	if seen := assertHistoriesPrivate(t, s, needles...); seen["Survey"] == 0 {
		t.Errorf("no survey workflow read: %v", seen)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
