package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// A named vote of 5,000 voters exports who voted and the results as workflows: the status
// endpoint reports rows growing to the total and then a download link; the workbooks open
// with excelize and hold every voter with their ballot, and the right counts.
func TestSurveyExportsWithProgress(t *testing.T) {
	const n = 5000
	s := startStack(t, stackOptions{})
	site := provisionTenantNoWorker(t, s, "school-svexport")
	op := []string{"Authorization", "Bearer " + s.Token}
	id, path := createSurvey(t, s, site, surveyDef(survey.Named, map[string]any{"kind": "any"},
		time.Now().Add(-time.Minute), time.Now().Add(time.Hour), false), op...)
	scheduleSurvey(t, s, path, op...)
	// The voters and their signed ballots, written straight into the store (signing 5,000
	// ballots is the benchmark's job, not this test's).
	if _, err := s.App.DB.Pool.Exec(t.Context(), `INSERT INTO survey_voters (survey_id, iin_hash, signer_name, masked_iin,
			ballot, receipt_hash, voted_at, voted_on)
		SELECT $1, sha256(i::text::bytea), 'Voter ' || i, '99********' || lpad((i % 100)::text, 2, '0'),
			convert_to('{"q":{"choice":"' || (ARRAY['a', 'b', 'c'])[1 + i % 3] || '"}}', 'UTF8'),
			sha256(('r' || i)::bytea), now() - make_interval(secs => $2 - i), current_date
		FROM generate_series(1, $2) i`, id, n); err != nil {
		t.Fatal(err)
	}

	if r := s.operator("POST", path+"/exports", map[string]any{"kind": "everything"}); r.Status != 400 {
		t.Errorf("unknown kind: %d %s", r.Status, r.Body)
	} else if _, field, _ := r.Error(t); field != "kind" {
		t.Errorf("unknown kind names %q", field)
	}
	other := provisionTenantNoWorker(t, s, "school-svexport-other")
	_, otherAdmin := siteAdmin(t, s, other, "admin@svexport-other.kz", sitecore.RoleAdmin)

	voters := runSurveyExport(t, s, path, "voters", n, otherAdmin)
	f, err := excelize.OpenReader(bytes.NewReader(voters))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n+1 {
		t.Fatalf("voters workbook: %d rows, want %d and a header", len(rows), n)
	}
	names := map[string]bool{}
	for _, r := range rows[1:] {
		if len(r) < 5 || !strings.HasPrefix(r[1], "Voter ") || !strings.Contains(r[4], `"choice"`) {
			t.Fatalf("voter row %q", r)
		}
		names[r[1]] = true
	}
	if len(names) != n || rows[1][1] != fmt.Sprintf("Voter %d", 1) {
		t.Errorf("%d distinct voters, first %q (want the earliest, Voter 1)", len(names), rows[1][1])
	}

	results := runSurveyExport(t, s, path, "results", n, "")
	f, err = excelize.OpenReader(bytes.NewReader(results))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ = f.GetRows(f.GetSheetList()[0])
	counts := map[string]string{}
	for _, r := range rows[1:] {
		if len(r) >= 4 && r[1] == "" && len(r[2]) == 1 {
			counts[r[2]] = r[3]
		}
	}
	if counts["A"] != "1666" || counts["B"] != "1667" || counts["C"] != "1667" {
		t.Errorf("results workbook counts %v (rows %q)", counts, rows)
	}
	// The export workflows carry IDs only.
	if seen := assertHistoriesPrivate(t, s, "Voter 1", "Voter 4999"); seen["ExportSurvey"] != 2 {
		t.Errorf("export workflows read: %v", seen)
	}
}

// runSurveyExport starts an export of kind, polls it until done (checking that its progress
// only grows, and that an admin of another school cannot see it) and downloads the file.
func runSurveyExport(t *testing.T, s *stack, path, kind string, total int, stranger string) []byte {
	t.Helper()
	r := s.operator("POST", path+"/exports", map[string]any{"kind": kind})
	if r.Status != 202 || r.Header.Get("Location") == "" {
		t.Fatalf("start %s export: %d %s", kind, r.Status, r.Body)
	}
	loc := r.Header.Get("Location")
	if stranger != "" {
		if r := s.do("GET", loc, nil, "Cookie", stranger); r.Status != 404 && r.Status != 403 {
			t.Errorf("another school's admin reads the export: %d", r.Status)
		}
	}
	type status struct {
		Export struct {
			survey.Export
			FileURL string `json:"file_url"`
		}
	}
	var last status
	seen := []int{}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var st status
		r := s.operator("GET", loc, nil)
		if r.Status != 200 || json.Unmarshal(r.Body, &st) != nil {
			t.Fatalf("status: %d %s", r.Status, r.Body)
		}
		x := st.Export
		if x.Status == "failed" || time.Now().After(deadline) {
			t.Fatalf("%s export: %+v", kind, x)
		}
		if x.Progress < last.Export.Progress || x.Rows < last.Export.Rows {
			t.Errorf("progress went back: %d%% (%d rows) after %d%% (%d rows)", x.Progress, x.Rows, last.Export.Progress, last.Export.Rows)
		}
		if len(seen) == 0 || seen[len(seen)-1] != x.Progress {
			seen = append(seen, x.Progress)
		}
		last = st
		if x.Status == "done" {
			break
		}
		if r := s.operator("GET", loc+"/file", nil); r.Status != 409 {
			if s.operator("GET", loc, nil).JSON(t)["export"].(map[string]any)["status"] != "done" {
				t.Errorf("file of a running export: %d", r.Status)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	x := last.Export
	t.Logf("%s export: progress seen %v", kind, seen)
	if x.Total != total || x.Rows != total || x.Progress != 100 || x.FileURL != loc+"/file" {
		t.Errorf("done %s export: %+v", kind, x)
	}
	if len(seen) < 3 || seen[0] != 0 || seen[len(seen)-1] != 100 {
		t.Errorf("%s export progress %v: want 0, something between, and 100", kind, seen)
	}
	f := s.operator("GET", x.FileURL, nil)
	if f.Status != 200 || !bytes.HasPrefix(f.Body, []byte("PK")) || int64(len(f.Body)) != x.Size {
		t.Fatalf("download: %d, %d bytes of %d", f.Status, len(f.Body), x.Size)
	}
	return f.Body
}
