package excel_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
	"github.com/mektep/mektep/sitecore/excel/internal/fake"
)

// kazakhLetters are the letters of the Kazakh alphabet that Russian lacks.
const kazakhLetters = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"

// The applications of testApplications that the tests look at.
const (
	leadingZeroIIN = "061211600012" // valid, from KZ-FACTS
	kazakhName     = "Әлихан Ғабитұлы Қоңырбаев-Өмірзақ Үшінші Һ-Ұлы Ізбасар"
	midnightNumber = "7-3" // submitted 2026-03-01T19:30:00Z = 02.03.2026 00:30 in Almaty
	otherNumber    = "7-500"
)

// testCampaign admits to grades 10 and 1 (listed out of order on purpose).
func testCampaign() *sitecore.Campaign {
	return &sitecore.Campaign{ID: 7, SiteID: 3, Grades: []sitecore.GradeSeats{{Grade: 10, Seats: 25}, {Grade: 1, Seats: 50}}}
}

// testApplications returns 30 applications in grade 1, one in grade 5 (not in the campaign) and
// 19 in grade 10, sorted by grade then id, every status among them.
func testApplications() []*sitecore.Application {
	statuses := []sitecore.AdmissionStatus{
		sitecore.AppSubmitted, sitecore.AppDocumentsCheck, sitecore.AppDocumentsFix, sitecore.AppUnderReview,
		sitecore.AppAdmitted, sitecore.AppWaitlisted, sitecore.AppDeclined, sitecore.AppEnrolled,
		sitecore.AppOfferExpired, sitecore.AppOfferDeclined, sitecore.AppWithdrawn,
	}
	var apps []*sitecore.Application
	add := func(id int64, grade int) *sitecore.Application {
		birth := time.Date(2026-6-grade, time.Month(1+id%12), 1+int(id%28), 0, 0, 0, 0, time.UTC)
		a := &sitecore.Application{
			ID: id, Number: "7-" + strconv.FormatInt(id, 10), SiteID: 3, CampaignID: 7,
			ChildName: fmt.Sprintf("Бала %d Сейтқали", id), ChildIIN: fake.IIN(birth, int(id)),
			BirthDate: birth, Grade: grade, Address: "Алматы қ., Абай даңғылы, " + strconv.FormatInt(id, 10),
			InstructionLang: sitecore.Kazakh, Phone: "+7 701 000 00 " + strconv.FormatInt(id, 10),
			Email: "p" + strconv.FormatInt(id, 10) + "@example.kz", Lang: sitecore.Kazakh,
			Status:    statuses[int(id)%len(statuses)],
			CreatedAt: time.Date(2026, 4, 1, 5, 0, 0, 0, time.UTC).Add(time.Duration(id) * time.Hour),
			// Odd houses are inside the catchment; every fifth family claims a priority.
			InCatchment: id%2 == 1,
		}
		if id%5 == 0 {
			a.Priority, a.PriorityStatus = "large_family", "confirmed"
		}
		a.UpdatedAt = a.CreatedAt.Add(time.Hour)
		apps = append(apps, a)
		return a
	}
	for id := int64(1); id <= 30; id++ {
		a := add(id, 1)
		switch id {
		case 2:
			a.ChildName, a.ChildIIN, a.BirthDate = kazakhName, leadingZeroIIN, time.Date(2006, 12, 11, 0, 0, 0, 0, time.UTC)
		case 3:
			a.CreatedAt = time.Date(2026, 3, 1, 19, 30, 0, 0, time.UTC)
			a.UpdatedAt = time.Date(2026, 3, 2, 4, 5, 0, 0, time.FixedZone("", -3*3600)) // 12:05 in Almaty
		}
	}
	add(500, 5)
	for id := int64(31); id <= 49; id++ {
		add(id, 10)
	}
	for _, a := range apps {
		switch a.Status {
		case sitecore.AppWaitlisted:
			a.WaitlistPosition = int(a.ID)
		case sitecore.AppDeclined:
			a.DeclineReason, a.DeclineText = "no_seats", "Бос орын қалмады"
		}
	}
	return apps
}

// from returns a next function over apps.
func from(apps []*sitecore.Application) func() (*sitecore.Application, error) {
	i := 0
	return func() (*sitecore.Application, error) {
		if i == len(apps) {
			return nil, nil
		}
		i++
		return apps[i-1], nil
	}
}

// export writes apps with WriteApplications and opens the result.
func export(t *testing.T, c *sitecore.Campaign, lang sitecore.Lang, apps []*sitecore.Application) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	n, err := excel.WriteApplications(&buf, c, lang, from(apps), nil)
	if err != nil {
		t.Fatalf("WriteApplications: %v", err)
	}
	if n != len(apps) {
		t.Fatalf("WriteApplications returned %d rows, want %d", n, len(apps))
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// findRow returns the row of sheet whose first cell is number, or fails.
func findRow(t *testing.T, f *excelize.File, sheet, number string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) > 0 && r[0] == number {
			return r
		}
	}
	t.Fatalf("no row %s on sheet %q", number, sheet)
	return nil
}

func cell(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, ref, err)
	}
	return v
}

var wantSheets = map[sitecore.Lang][]string{
	sitecore.Kazakh:  {"1-сынып", "10-сынып", "Басқа"},
	sitecore.Russian: {"1 класс", "10 класс", "Другие"},
	sitecore.English: {"Grade 1", "Grade 10", "Other"},
}

var wantHeaders = map[sitecore.Lang][]string{
	sitecore.Kazakh: {"Өтініш нөмірі", "Баланың аты-жөні", "ЖСН", "Туған күні", "Сынып", "Оқыту тілі", "Мекенжайы",
		"Телефон", "Электрондық пошта", "Мәртебесі", "Күту тізіміндегі орны", "Бас тарту себебі", "Берілген уақыты", "Өзгертілген уақыты",
		"Бекітілген аумақ", "Басымдық санаты"},
	sitecore.Russian: {"Номер заявления", "ФИО ребёнка", "ИИН", "Дата рождения", "Класс", "Язык обучения", "Адрес",
		"Телефон", "Электронная почта", "Статус", "Место в листе ожидания", "Причина отказа", "Дата подачи", "Дата изменения",
		"Закреплённая территория", "Категория приоритета"},
	sitecore.English: {"Application number", "Child's full name", "IIN", "Date of birth", "Grade", "Language of instruction", "Address",
		"Phone", "Email", "Status", "Waitlist position", "Decline reason", "Submitted at", "Updated at",
		"Catchment", "Priority category"},
}

func TestWriteApplicationsSheetsAndHeaders(t *testing.T) {
	apps := testApplications()
	if len(apps) != 50 {
		t.Fatalf("test data has %d applications, want 50", len(apps))
	}
	for _, lang := range []sitecore.Lang{sitecore.Kazakh, sitecore.Russian, sitecore.English} {
		t.Run(string(lang), func(t *testing.T) {
			f := export(t, testCampaign(), lang, apps)
			if got := f.GetSheetList(); !slices.Equal(got, wantSheets[lang]) {
				t.Fatalf("sheets %q, want %q", got, wantSheets[lang])
			}
			if f.GetActiveSheetIndex() != 0 {
				t.Errorf("active sheet %d, want 0", f.GetActiveSheetIndex())
			}
			wantRows := []int{30, 19, 1}
			for i, name := range wantSheets[lang] {
				rows, err := f.GetRows(name)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows)-1 != wantRows[i] {
					t.Errorf("sheet %q has %d data rows, want %d", name, len(rows)-1, wantRows[i])
				}
				if !slices.Equal(rows[0], wantHeaders[lang]) {
					t.Errorf("sheet %q header %q, want %q", name, rows[0], wantHeaders[lang])
				}
				// Header: bold, frozen; columns have widths.
				styleID, err := f.GetCellStyle(name, "B1")
				if err != nil {
					t.Fatal(err)
				}
				if st, err := f.GetStyle(styleID); err != nil || st.Font == nil || !st.Font.Bold {
					t.Errorf("sheet %q header is not bold (style %d: %+v, %v)", name, styleID, st, err)
				}
				panes, err := f.GetPanes(name)
				if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
					t.Errorf("sheet %q panes %+v, %v: want the header row frozen", name, panes, err)
				}
				for col, want := range map[string]float64{"A": 14, "B": 36, "C": 15, "G": 44, "N": 17} {
					if w, err := f.GetColWidth(name, col); err != nil || w != want {
						t.Errorf("sheet %q column %s width %v, %v: want %v", name, col, w, err, want)
					}
				}
			}
			// Rows in the order given; the grade 5 application is on the "other" sheet.
			rows, _ := f.GetRows(wantSheets[lang][1])
			if rows[1][0] != "7-31" || rows[19][0] != "7-49" || rows[1][4] != "10" {
				t.Errorf("grade 10 rows start %q, end %q", rows[1], rows[19])
			}
			if r := findRow(t, f, wantSheets[lang][2], otherNumber); r[4] != "5" {
				t.Errorf("other sheet row %q, want grade 5", r)
			}
		})
	}
}

func TestWriteApplicationsValues(t *testing.T) {
	apps := testApplications()
	f := export(t, testCampaign(), sitecore.Kazakh, apps)
	const s = "1-сынып"

	// Row 3 holds application 7-2: the Kazakh name and the IIN with a leading zero.
	if got := cell(t, f, s, "A3"); got != "7-2" {
		t.Fatalf("A3 = %q, want 7-2", got)
	}
	if got := cell(t, f, s, "B3"); got != kazakhName {
		t.Errorf("name %q, want %q", got, kazakhName)
	}
	if got := cell(t, f, s, "C3"); got != leadingZeroIIN {
		t.Errorf("IIN %q, want %q", got, leadingZeroIIN)
	}
	if typ, err := f.GetCellType(s, "C3"); err != nil || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
		t.Errorf("IIN cell type %v, %v: want text", typ, err)
	}
	if got := cell(t, f, s, "D3"); got != "11.12.2006" {
		t.Errorf("birth date %q, want 11.12.2006", got)
	}
	raw, err := f.GetCellValue(s, "D3", excelize.Options{RawCellValue: true})
	if err != nil || raw != "39062" { // Excel's serial number of 11 December 2006
		t.Errorf("birth date raw %q, %v: want the serial 39062", raw, err)
	}
	if got := cell(t, f, s, "F3"); got != "қазақ тілі" {
		t.Errorf("instruction language %q", got)
	}

	// Row 4 holds application 7-3, submitted at 19:30 UTC: 00:30 the next day in Almaty.
	if got := cell(t, f, s, "A4"); got != midnightNumber {
		t.Fatalf("A4 = %q, want %s", got, midnightNumber)
	}
	if got := cell(t, f, s, "M4"); got != "02.03.2026 00:30" {
		t.Errorf("submitted at %q, want 02.03.2026 00:30", got)
	}
	if got := cell(t, f, s, "N4"); got != "02.03.2026 12:05" {
		t.Errorf("updated at %q, want 02.03.2026 12:05", got)
	}
	raw, err = f.GetCellValue(s, "M4", excelize.Options{RawCellValue: true})
	if v, perr := strconv.ParseFloat(raw, 64); err != nil || perr != nil || v < 46083.02 || v > 46083.021 {
		t.Errorf("submitted at raw %q, %v: want a serial number near 46083.0208", raw, err)
	}

	// Every status is translated, with waitlist positions and decline reasons where they belong.
	seen := map[string]bool{}
	for _, name := range wantSheets[sitecore.Kazakh] {
		rows, _ := f.GetRows(name)
		for _, r := range rows[1:] {
			r = append(r, make([]string, max(0, 16-len(r)))...)
			seen[r[9]] = true
			house, _ := strconv.Atoi(r[6][strings.LastIndex(r[6], " ")+1:])
			if want := map[bool]string{true: "иә", false: "жоқ"}[house%2 == 1]; r[14] != want {
				t.Errorf("row %q: catchment %q, want %q", r, r[14], want)
			}
			if want := map[bool]string{true: "Көп балалы отбасы (расталды)", false: ""}[house%5 == 0]; r[15] != want {
				t.Errorf("row %q: priority %q, want %q", r, r[15], want)
			}
			switch r[9] {
			case "Күту тізімінде":
				if r[10] == "" || r[11] != "" {
					t.Errorf("waitlisted row %q: want a position and no reason", r)
				}
			case "Бас тартылды":
				if r[11] != "Бос орын қалмады" || r[10] != "" {
					t.Errorf("declined row %q: want the reason and no position", r)
				}
			default:
				if r[10] != "" || r[11] != "" {
					t.Errorf("row %q has a position or reason", r)
				}
			}
		}
	}
	for _, want := range []string{"Берілді", "Құжаттар тексерілуде", "Құжаттарды түзету керек", "Қаралуда", "Орын ұсынылды",
		"Күту тізімінде", "Бас тартылды", "Оқуға қабылданды", "Ұсыныс мерзімі өтті", "Ұсыныстан бас тартты", "Қайтарып алынды"} {
		if !seen[want] {
			t.Errorf("status %q not in the export (seen %v)", want, seen)
		}
	}
	if len(seen) != 11 {
		t.Errorf("%d distinct statuses, want 11: %v", len(seen), seen)
	}
}

func TestWriteApplicationsKazakhLetters(t *testing.T) {
	apps := testApplications()
	apps[0].ChildName = kazakhLetters
	apps[0].Address = "Түркістан облысы, Кентау қ., Һәкім Абай көшесі"
	f := export(t, testCampaign(), sitecore.Kazakh, apps)
	if got := cell(t, f, "1-сынып", "B2"); got != kazakhLetters {
		t.Errorf("name %q, want %q", got, kazakhLetters)
	}
	if got := cell(t, f, "1-сынып", "G2"); got != apps[0].Address {
		t.Errorf("address %q, want %q", got, apps[0].Address)
	}
}

func TestWriteApplicationsStatusesPerLanguage(t *testing.T) {
	apps := testApplications()
	want := map[sitecore.Lang][2]string{ // the statuses of 7-6 (declined) and 7-5 (waitlisted)
		sitecore.Kazakh:  {"Бас тартылды", "Күту тізімінде"},
		sitecore.Russian: {"Отказано", "В листе ожидания"},
		sitecore.English: {"Declined", "Waitlisted"},
		"de":             {"Declined", "Waitlisted"}, // no German texts: English
	}
	for lang, w := range want {
		f := export(t, testCampaign(), lang, apps)
		sheet := f.GetSheetList()[0]
		if got := findRow(t, f, sheet, "7-6")[9]; got != w[0] {
			t.Errorf("%s: 7-6 status %q, want %q", lang, got, w[0])
		}
		if got := findRow(t, f, sheet, "7-5")[9]; got != w[1] {
			t.Errorf("%s: 7-5 status %q, want %q", lang, got, w[1])
		}
	}
}

func TestWriteApplicationsEmptyGradesAndNoOther(t *testing.T) {
	c := &sitecore.Campaign{ID: 7, Grades: []sitecore.GradeSeats{{Grade: 1}, {Grade: 2}, {Grade: 0}, {Grade: 1}}}
	apps := testApplications()[:3]
	f := export(t, c, sitecore.Russian, apps)
	if got, want := f.GetSheetList(), []string{"0 класс", "1 класс", "2 класс"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	for name, want := range map[string]int{"0 класс": 1, "1 класс": 4, "2 класс": 1} {
		rows, _ := f.GetRows(name)
		if len(rows) != want {
			t.Errorf("sheet %q has %d rows, want %d", name, len(rows), want)
		}
	}

	// A campaign without grades still makes a workbook: everything is "other".
	f = export(t, &sitecore.Campaign{ID: 7}, sitecore.English, nil)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Other"}) {
		t.Fatalf("sheets %q, want [Other]", got)
	}
}

func TestWriteApplicationsProgressAndErrors(t *testing.T) {
	c := fake.Campaign()
	var calls []int
	n, err := excel.WriteApplications(io.Discard, c, sitecore.Kazakh, fake.Applications(c, 2500, []int{1, 2}),
		func(rows int) { calls = append(calls, rows) })
	if err != nil || n != 2500 {
		t.Fatalf("WriteApplications = %d, %v", n, err)
	}
	if !slices.Equal(calls, []int{1000, 2000}) {
		t.Errorf("progress calls %v, want [1000 2000]", calls)
	}

	boom := errors.New("database went away")
	gen := fake.Applications(c, 10, []int{1})
	count := 0
	next := func() (*sitecore.Application, error) {
		if count++; count == 6 {
			return nil, boom
		}
		return gen()
	}
	var out bytes.Buffer
	n, err = excel.WriteApplications(&out, c, sitecore.Kazakh, next, nil)
	if !errors.Is(err, boom) || n != 5 {
		t.Errorf("WriteApplications = %d, %v; want 5 rows and the source's error", n, err)
	}
	if out.Len() != 0 {
		t.Errorf("%d bytes written after a source error, want none", out.Len())
	}
	if _, err := excel.WriteApplications(&out, nil, sitecore.Kazakh, next, nil); err == nil {
		t.Error("no error without a campaign")
	}

	failing := errWriter{errors.New("disk full")}
	if _, err := excel.WriteApplications(failing, c, sitecore.Kazakh, fake.Applications(c, 10, []int{1}), nil); !errors.Is(err, failing.err) {
		t.Errorf("error %v, want the writer's", err)
	}
}

type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }

func TestFakeApplications(t *testing.T) {
	c := fake.Campaign()
	next := fake.Applications(c, 1000, []int{1, 2, 3})
	lastGrade, lastID, n := 0, int64(0), 0
	for {
		a, err := next()
		if err != nil {
			t.Fatal(err)
		}
		if a == nil {
			break
		}
		n++
		if a.Grade < lastGrade || a.ID <= lastID {
			t.Fatalf("application %d grade %d after id %d grade %d: not sorted", a.ID, a.Grade, lastID, lastGrade)
		}
		lastGrade, lastID = a.Grade, a.ID
		if _, err := sitecore.ParseIIN("iin", a.ChildIIN.Digits()); err != nil {
			t.Fatalf("fake IIN %s of application %d: %v", a.ChildIIN.Digits(), a.ID, err)
		}
	}
	if n != 1000 {
		t.Fatalf("%d applications, want 1000", n)
	}
}

// BenchmarkWriteApplications100k writes 100,000 applications over the eleven grades of a
// campaign to io.Discard. The applications are made one at a time by next.
func BenchmarkWriteApplications100k(b *testing.B) {
	const n = 100_000
	c := fake.Campaign()
	grades := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	b.ReportAllocs()
	for b.Loop() {
		rows, err := excel.WriteApplications(io.Discard, c, sitecore.Russian, fake.Applications(c, n, grades), nil)
		if err != nil || rows != n {
			b.Fatalf("WriteApplications = %d, %v", rows, err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkFakeApplications100k is the cost of making the applications alone, to subtract
// from BenchmarkWriteApplications100k.
func BenchmarkFakeApplications100k(b *testing.B) {
	c := fake.Campaign()
	grades := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	b.ReportAllocs()
	for b.Loop() {
		next := fake.Applications(c, 100_000, grades)
		for a, _ := next(); a != nil; a, _ = next() {
		}
	}
}

// TestWriteApplicationsWorkbookXML checks what excelize's reader forgives but Excel does not:
// column widths in column order, and a single selected sheet tab.
func TestWriteApplicationsWorkbookXML(t *testing.T) {
	var buf bytes.Buffer
	if _, err := excel.WriteApplications(&buf, testCampaign(), sitecore.Kazakh, from(testApplications()), nil); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	sheets, selected := 0, 0
	colMin := regexp.MustCompile(`<col min="(\d+)"`)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		sheets++
		selected += bytes.Count(b, []byte(`tabSelected="true"`))
		var mins []int
		for _, m := range colMin.FindAllSubmatch(b, -1) {
			n, _ := strconv.Atoi(string(m[1]))
			mins = append(mins, n)
		}
		if len(mins) != 16 || !slices.IsSorted(mins) {
			t.Errorf("%s: column widths for columns %v, want 1 to 16 in order", zf.Name, mins)
		}
	}
	if sheets != 3 || selected != 1 {
		t.Errorf("%d sheets with %d selected tabs, want 3 and 1", sheets, selected)
	}
}
