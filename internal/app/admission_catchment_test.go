package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// xlsxOf writes rows (the first is the header) as a one-sheet workbook.
func xlsxOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// catchmentHeader is the template's header row (docs/school-admins.md).
var catchmentHeader = []any{"Населённый пункт", "Улица", "Дом с", "Дом по", "Чёт/нечёт", "Дома"}

// A school imports its catchment territory from Excel (a bad file is refused with its rows
// named and nothing imported); a campaign open to the catchment first refuses other
// addresses naming the address field; the school's list shows whether each address is
// inside; priority claims are confirmed (with their document) or rejected; and decisions in
// order admit the first ones up to the seats and put the rest on the waiting list in order.
func TestAdmissionCatchmentAndPriorities(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-catch")
	other := provisionTenant(t, s, "school-catch-other")
	owner := session(t, s, a.users["owner"].ID)
	teacher := session(t, s, a.users["teacher"].ID)
	outsider := session(t, s, other.users["owner"].ID)
	site := fmt.Sprintf("/api/v1/sites/%d/admissions", a.site)
	put := func(cookie string, body []byte) response {
		return s.do("PUT", site+"/catchment", body, "Cookie", cookie, "Accept-Language", "ru",
			"Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	catchment := func() []any {
		r := s.do("GET", site+"/catchment", nil, "Cookie", owner)
		if r.Status != 200 {
			t.Fatalf("catchment: %d %s", r.Status, r.Body)
		}
		return field(t, r, "catchment").([]any)
	}

	// A bad file: every problem named by row and column, nothing imported.
	bad := put(owner, xlsxOf(t, [][]any{catchmentHeader,
		{"Алматы", "пр. Абая", 1, 99, "нечёт", ""},
		{"Алматы", "ул. Сатпаева", "два", 40, "", ""},
		{"Алматы", "", "", "", "", ""},
		{"Алматы", "ул. Жандосова", 2, 40, "через один", ""},
		{"Алматы", "ул. Байзакова", "", "", "", "12А, 1/2/x*"},
	}))
	var refused struct {
		Error    struct{ Field, Message string }
		Problems []struct {
			Row     int
			Column  string
			Message string
		}
	}
	_ = json.Unmarshal(bad.Body, &refused)
	var where []string
	for _, p := range refused.Problems {
		where = append(where, fmt.Sprintf("%d%s", p.Row, p.Column))
	}
	if bad.Status != 400 || refused.Error.Field != "file" || !strings.Contains(refused.Error.Message, "3, 4, 5, 6") ||
		!slices.Equal(where, []string{"3C", "4B", "5E", "6F"}) || !strings.Contains(refused.Problems[0].Message, "Строка 3, столбец C") {
		t.Fatalf("a bad territory file: %d %s", bad.Status, bad.Body)
	}
	if n := len(catchment()); n != 0 {
		t.Errorf("a refused file imported %d rows", n)
	}
	now := time.Now().UTC()
	newCampaign := func(openToAll time.Time, priorities []string) response {
		return s.do("POST", site+"/campaigns", map[string]any{
			"title":  map[string]string{"kk": "Қабылдау", "ru": "Приём", "en": "Admission"},
			"grades": []map[string]int{{"grade": 1, "seats": 2}}, "opens_at": now.Add(-2 * time.Hour),
			"closes_at": now.Add(2 * time.Hour), "results_at": now.Add(3 * time.Hour), "instruction_langs": []string{"kk", "ru"},
			"offer_days": 3, "open_to_all_at": openToAll, "priorities": priorities,
		}, "Cookie", owner, "Accept-Language", "ru")
	}
	if r := newCampaign(now.Add(time.Hour), nil); r.Status != 400 {
		t.Errorf("catchment first without a catchment: %d %s", r.Status, r.Body)
	} else if _, f, _ := r.Error(t); f != "open_to_all_at" {
		t.Errorf("catchment first without a catchment names %q", f)
	}
	if r := put(owner, []byte("not a workbook")); r.Status != 400 {
		t.Errorf("not a workbook: %d %s", r.Status, r.Body)
	}
	// The template, as downloaded, imports as it is.
	tmpl := s.do("GET", site+"/catchment/template.xlsx", nil, "Cookie", owner, "Accept-Language", "kk")
	if tmpl.Status != 200 {
		t.Fatalf("template: %d %s", tmpl.Status, tmpl.Body)
	}
	if r := put(owner, tmpl.Body); r.Status != 200 || field(t, r, "rows") != float64(3) {
		t.Fatalf("importing the template: %d %s", r.Status, r.Body)
	}
	if rules := catchment(); len(rules) != 3 || rules[0].(map[string]any)["street"] != "Абай даңғылы" || rules[0].(map[string]any)["parity"] != "odd" {
		t.Errorf("the template's territory: %v", rules)
	}
	good := xlsxOf(t, [][]any{catchmentHeader,
		{"г. Алматы", "проспект Абая", 1, 99, "нечёт", ""},
		{"Алматы қаласы", "Сәтпаев көшесі", 2, 40, "чёт", ""},
		{"Алматы", "ул. Кабанбай батыра", "", "", "", "12А, 12/1, 15"},
	})
	if r := put(teacher, good); r.Status != 403 {
		t.Errorf("a teacher imports the territory: %d", r.Status)
	}
	if r := s.do("PUT", site+"/catchment", good, "Cookie", outsider); r.Status != 403 && r.Status != 404 {
		t.Errorf("another school's owner imports the territory: %d", r.Status)
	}
	if r := put(owner, good); r.Status != 200 || field(t, r, "rows") != float64(3) {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	// Another school's import replaces its own territory only.
	if r := s.do("PUT", fmt.Sprintf("/api/v1/sites/%d/admissions/catchment", other.site), xlsxOf(t, [][]any{catchmentHeader,
		{"Тараз", "Толе би"}}), "Cookie", outsider); r.Status != 200 {
		t.Errorf("the other school's import: %d %s", r.Status, r.Body)
	}
	if rules := catchment(); len(rules) != 3 || rules[2].(map[string]any)["houses"].([]any)[0] != "12а" {
		t.Errorf("territory: %v", rules)
	}
	if r := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/admissions/catchment", other.site), nil, "Cookie", owner); r.Status != 403 && r.Status != 404 {
		t.Errorf("reading another school's territory: %d", r.Status)
	}

	// Campaigns: one open to the catchment only for another hour, one open to everyone with
	// two priority categories (large families first) and two seats.
	if r := newCampaign(now.Add(-3*time.Hour), nil); r.Status != 400 {
		t.Errorf("open to all before opening: %d", r.Status)
	} else if _, f, _ := r.Error(t); f != "open_to_all_at" {
		t.Errorf("open to all before opening names %q", f)
	}
	if r := newCampaign(now.Add(time.Hour), []string{"wealthy"}); r.Status != 400 {
		t.Errorf("an unknown priority category: %d", r.Status)
	} else if _, f, _ := r.Error(t); f != "priorities[0]" {
		t.Errorf("an unknown priority category names %q", f)
	}
	r := newCampaign(now.Add(time.Hour), nil)
	if r.Status != 201 {
		t.Fatalf("catchment-first campaign: %d %s", r.Status, r.Body)
	}
	first := int64(field(t, r, "campaign", "id").(float64))
	r = newCampaign(now.Add(-time.Hour), []string{"large_family", "sibling"})
	if r.Status != 201 {
		t.Fatalf("campaign: %d %s", r.Status, r.Body)
	}
	open := int64(field(t, r, "campaign", "id").(float64))

	_, parent := verifiedParent(t, s, "catch@example.kz", sitecore.Russian)
	child := 0
	apply := func(campaign int64, address, priority string) response {
		child++
		born := bornAged(now, 7, 3*child)
		return s.do("POST", "/api/v1/admissions/applications", map[string]any{"site_id": a.site, "campaign_id": campaign,
			"child_name": "Бала", "child_iin": iinBornOn(t, born), "birth_date": born.Format(time.DateOnly), "grade": 1,
			"address": address, "instruction_lang": "kk", "phone": "+77011234567", "priority": priority, "consent": true},
			"Cookie", parent, "Accept-Language", "ru")
	}
	early := apply(first, "г. Алматы, ул. Толе би, 5", "")
	if _, f, msg := early.Error(t); early.Status != 400 || f != "address" || !strings.Contains(msg, "закреплённую") ||
		!strings.Contains(msg, sitecore.LocalDateTime(now.Add(time.Hour))) {
		t.Errorf("an outside address before the opening for all: %d %q %q", early.Status, f, msg)
	}
	if r := apply(first, "Алматы қ., Абай даңғылы, 15 кв. 3", ""); r.Status != 201 || field(t, r, "application", "in_catchment") != true {
		t.Errorf("an address in the catchment: %d %s", r.Status, r.Body)
	}
	if r := apply(open, "Алматы, Абая 15", "wealthy"); r.Status != 400 {
		t.Errorf("an unknown priority claim: %d", r.Status)
	} else if _, f, _ := r.Error(t); f != "priority" {
		t.Errorf("an unknown priority claim names %q", f)
	}

	// Five applications, in this order of submission.
	ids := map[string]int64{}
	for _, x := range []struct{ name, address, priority string }{
		{"out", "Алматы, ул. Толе би, 5", ""},
		{"in", "Алматы, пр. Абая, 21", ""},
		{"out-large", "Алматы, Сатпаева 41", "large_family"},
		{"in-sibling", "Алматы, ул. Кабанбай батыра, 12 А", "sibling"},
		{"in-rejected", "Алматы, Сәтпаев көшесі, 40", "large_family"},
	} {
		r := apply(open, x.address, x.priority)
		if r.Status != 201 {
			t.Fatalf("%s: %d %s", x.name, r.Status, r.Body)
		}
		ids[x.name] = int64(field(t, r, "application", "id").(float64))
		if want := strings.HasPrefix(x.name, "in"); field(t, r, "application", "in_catchment") != want {
			t.Errorf("%s: in_catchment %v", x.name, field(t, r, "application", "in_catchment"))
		}
	}
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("справка\n"), 100)...)
	upload := func(app int64) response {
		return s.do("PUT", fmt.Sprintf("/api/v1/admissions/applications/%d/documents/priority", app), pdf,
			"Cookie", parent, "Content-Type", "application/pdf")
	}
	if r := upload(ids["in"]); r.Status != 400 {
		t.Errorf("a priority document without a claim: %d", r.Status)
	}
	review := func(cookie string, app int64, body map[string]any) response {
		return s.do("POST", fmt.Sprintf("%s/applications/%d/priority", site, app), body, "Cookie", cookie, "Accept-Language", "ru")
	}
	if r := review(owner, ids["in-sibling"], map[string]any{"confirm": true}); r.Status != 409 {
		t.Errorf("confirm without the document: %d %s", r.Status, r.Body)
	}
	for _, k := range []string{"out-large", "in-sibling", "in-rejected"} {
		if r := upload(ids[k]); r.Status != 201 {
			t.Fatalf("priority document of %s: %d %s", k, r.Status, r.Body)
		}
	}
	if r := review(teacher, ids["in-sibling"], map[string]any{"confirm": true}); r.Status != 403 {
		t.Errorf("a teacher confirms: %d", r.Status)
	}
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/admissions/applications/%d/priority", other.site, ids["in-sibling"]),
		map[string]any{"confirm": true}, "Cookie", outsider); r.Status != 404 {
		t.Errorf("another school confirms through its own site: %d", r.Status)
	}
	if r := review(owner, ids["in-sibling"], map[string]any{"confirm": true}); r.Status != 200 || field(t, r, "application", "priority_status") != "confirmed" {
		t.Errorf("confirm: %d %s", r.Status, r.Body)
	}
	if r := review(owner, ids["in-rejected"], map[string]any{"confirm": false}); r.Status != 400 {
		t.Errorf("reject without a remark: %d", r.Status)
	}
	if r := review(owner, ids["in-rejected"], map[string]any{"confirm": false, "remark": "Справка просрочена"}); r.Status != 200 {
		t.Errorf("reject: %d %s", r.Status, r.Body)
	}
	if r := review(owner, ids["in"], map[string]any{"confirm": true}); r.Status != 409 {
		t.Errorf("review without a claim: %d", r.Status)
	}

	// Documents checked: everyone waits for a decision.
	for k, id := range ids {
		testenv.Eventually(t, 30*time.Second, k+" registered", func() bool {
			r := s.do("POST", fmt.Sprintf("%s/applications/%d/documents", site, id), map[string]any{"ok": true}, "Cookie", owner)
			return r.Status == 200
		})
	}
	order := func(query string) []int64 {
		r := s.do("GET", fmt.Sprintf("%s/applications?campaign_id=%d&%s", site, open, query), nil, "Cookie", owner)
		if r.Status != 200 {
			t.Fatalf("list %s: %d %s", query, r.Status, r.Body)
		}
		var out []int64
		for _, x := range field(t, r, "applications").([]any) {
			out = append(out, int64(x.(map[string]any)["id"].(float64)))
		}
		return out
	}
	in := func(names ...string) []int64 {
		var out []int64
		for _, n := range names {
			out = append(out, ids[n])
		}
		return out
	}
	decide := func() response {
		return s.do("POST", fmt.Sprintf("%s/campaigns/%d/decisions-in-order", site, open), map[string]any{"grade": 1},
			"Cookie", owner, "Accept-Language", "ru")
	}
	if r := decide(); r.Status != 409 {
		t.Errorf("decisions in order with a claim unreviewed: %d %s", r.Status, r.Body)
	} else if _, f, msg := r.Error(t); f != "priority" || !strings.Contains(msg, "(1)") {
		t.Errorf("decisions in order with a claim unreviewed: %q %q", f, msg)
	}
	// The panel offers the decisions in order on the list sorted that way, and refuses them
	// the same way.
	listPath := fmt.Sprintf("/ru/panel/admissions/applications?campaign=%d&grade=1&sort=priority", open)
	if r := s.do("GET", listPath, nil, "Host", a.host, "Cookie", owner); r.Status != 200 || !strings.Contains(string(r.Body), `id="decide-in-order-submit"`) {
		t.Errorf("the panel's list sorted in the order of decisions: %d\n%s", r.Status, r.Body)
	}
	inOrder := s.do("POST", "/ru/panel/admissions/decisions-in-order", url.Values{"campaign": {fmt.Sprint(open)}, "grade": {"1"},
		"back": {fmt.Sprintf("campaign=%d&grade=1&sort=priority", open)}}.Encode(), "Host", a.host, "Cookie", owner,
		"Sec-Fetch-Site", "same-origin", "Content-Type", "application/x-www-form-urlencoded")
	if inOrder.Status != 409 || !strings.Contains(string(inOrder.Body), "непроверенные заявки на приоритет (1)") {
		t.Errorf("the panel's decisions in order with a claim unreviewed: %d\n%s", inOrder.Status, inOrder.Body)
	}

	// The last claim is reviewed on the panel's application page.
	panelApp := func(id int64, form url.Values) response {
		path := fmt.Sprintf("/ru/panel/admissions/applications/%d", id)
		if form == nil {
			return s.do("GET", path, nil, "Host", a.host, "Cookie", owner)
		}
		return s.do("POST", path, form.Encode(), "Host", a.host, "Cookie", owner, "Sec-Fetch-Site", "same-origin",
			"Content-Type", "application/x-www-form-urlencoded")
	}
	if r := panelApp(ids["out-large"], nil); r.Status != 200 || !strings.Contains(string(r.Body), `id="catchment" data-catchment="false">нет`) ||
		!strings.Contains(string(r.Body), `data-priority-status="claimed">Многодетная семья (не проверено)`) ||
		!strings.Contains(string(r.Body), "Документ, подтверждающий приоритет") {
		t.Errorf("the panel's application page: %d\n%s", r.Status, r.Body)
	}
	if r := panelApp(ids["out-large"], url.Values{"action": {"priority"}, "confirm": {"0"}}); r.Status != 400 ||
		!strings.Contains(string(r.Body), `id="priority-remark-error"`) {
		t.Errorf("rejecting on the panel without a remark: %d\n%s", r.Status, r.Body)
	}
	if r := panelApp(ids["out-large"], url.Values{"action": {"priority"}, "confirm": {"1"}}); r.Status != 303 {
		t.Fatalf("confirming on the panel: %d %s", r.Status, r.Body)
	}
	// The order: inside the catchment first, then a confirmed category, then time.
	want := in("in-sibling", "in", "in-rejected", "out-large", "out")
	if got := order("sort=priority"); !slices.Equal(got, want) {
		t.Errorf("the order of decisions %v, want %v", got, want)
	}
	if got := order("sort=priority&limit=2&after=" + fmt.Sprint(ids["in"])); !slices.Equal(got, want[2:4]) {
		t.Errorf("the order of decisions' second page %v, want %v", got, want[2:4])
	}
	if got := order("catchment=out&sort=priority"); !slices.Equal(got, in("out-large", "out")) {
		t.Errorf("outside the catchment: %v", got)
	}
	if got := order("priority=large_family"); !slices.Equal(got, in("out-large", "in-rejected")) {
		t.Errorf("claims of large families: %v", got)
	}
	if r := s.do("POST", fmt.Sprintf("%s/campaigns/%d/decisions-in-order", site, open), map[string]any{"grade": 1}, "Cookie", teacher); r.Status != 403 {
		t.Errorf("a teacher decides in order: %d", r.Status)
	}
	r = decide()
	if r.Status != 200 || field(t, r, "admitted") != float64(2) || field(t, r, "waitlisted") != float64(3) ||
		!strings.Contains(field(t, r, "rule").(string), "категория приоритета") {
		t.Fatalf("decisions in order: %d %s", r.Status, r.Body)
	}
	var got []string
	for _, x := range field(t, r, "results").([]any) {
		m := x.(map[string]any)
		got = append(got, fmt.Sprintf("%d:%v", int64(m["id"].(float64)), m["status"]))
	}
	wantResults := []string{fmt.Sprintf("%d:admitted", ids["in-sibling"]), fmt.Sprintf("%d:admitted", ids["in"]),
		fmt.Sprintf("%d:waitlisted", ids["in-rejected"]), fmt.Sprintf("%d:waitlisted", ids["out-large"]), fmt.Sprintf("%d:waitlisted", ids["out"])}
	if !slices.Equal(got, wantResults) {
		t.Errorf("decisions %v, want %v", got, wantResults)
	}
	for pos, k := range []string{"in-rejected", "out-large", "out"} {
		r := s.do("GET", fmt.Sprintf("%s/applications/%d", site, ids[k]), nil, "Cookie", owner)
		if p := field(t, r, "application", "waitlist_position"); p != float64(pos+1) {
			t.Errorf("%s: waiting-list position %v, want %d", k, p, pos+1)
		}
	}

	// The panel's list shows them too.
	panel := s.do("GET", fmt.Sprintf("/ru/panel/admissions/applications?campaign=%d", open), nil, "Host", a.host, "Cookie", owner)
	body := string(panel.Body)
	if panel.Status != 200 || !strings.Contains(body, "Закреплённая территория") ||
		!strings.Contains(body, `<td data-catchment="false">нет</td><td>Многодетная семья (подтверждено)</td>`) ||
		!strings.Contains(body, `<td data-catchment="true">да</td><td>Брат или сестра учится в школе (подтверждено)</td>`) {
		t.Errorf("the panel's list: %d\n%s", panel.Status, body)
	}

	// In the order of decisions, with the rule shown, and filtered by catchment.
	panel = s.do("GET", fmt.Sprintf("/ru/panel/admissions/applications?campaign=%d&sort=priority&catchment=in", open), nil, "Host", a.host, "Cookie", owner)
	body = string(panel.Body)
	var shown []int64
	for _, id := range []int64{ids["out-large"], ids["in-sibling"], ids["in"], ids["in-rejected"], ids["out"]} {
		if i := strings.Index(body, fmt.Sprintf(`id="app-%d"`, id)); i >= 0 {
			shown = append(shown, int64(i))
		} else {
			shown = append(shown, -1)
		}
	}
	if panel.Status != 200 || !strings.Contains(body, `id="order-rule"`) || shown[0] != -1 || shown[4] != -1 ||
		!(shown[1] > 0 && shown[1] < shown[2] && shown[2] < shown[3]) {
		t.Errorf("the panel's list in the order of decisions inside the catchment: %d %v\n%s", panel.Status, shown, body)
	}

	// The Excel export shows the catchment and the priority category.
	x := s.do("GET", fmt.Sprintf("%s/campaigns/%d/export.xlsx", site, open), nil, "Cookie", owner, "Accept-Language", "ru")
	book, err := excelize.OpenReader(bytes.NewReader(x.Body))
	if x.Status != 200 || err != nil {
		t.Fatalf("export: %d %v", x.Status, err)
	}
	rows, _ := book.GetRows("1 класс")
	cells := map[string][]string{}
	for _, row := range rows[1:] {
		row = append(row, make([]string, max(0, 16-len(row)))...)
		cells[row[0]] = row[14:16]
	}
	number := func(k string) string { return fmt.Sprintf("%d-%d", open, ids[k]) }
	if c := cells[number("out-large")]; c[0] != "нет" || c[1] != "Многодетная семья (подтверждено)" {
		t.Errorf("export of out-large: %q", c)
	}
	if c := cells[number("in-rejected")]; c[0] != "да" || c[1] != "Многодетная семья (отклонено)" {
		t.Errorf("export of in-rejected: %q", c)
	}
	if c := cells[number("in")]; c[0] != "да" || c[1] != "" {
		t.Errorf("export of in: %q", c)
	}
}
