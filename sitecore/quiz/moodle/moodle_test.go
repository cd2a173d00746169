package moodle

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

func importFile(t *testing.T, name string) []quiz.Question {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := Import(f, sitecore.Russian)
	if err != nil {
		t.Fatalf("Import(%s): %v", name, err)
	}
	return qs
}

func TestImport(t *testing.T) {
	qs := importFile(t, "testdata/bank.xml")
	kinds := []quiz.Kind{}
	for _, q := range qs {
		kinds = append(kinds, q.Kind)
	}
	want := []quiz.Kind{quiz.SingleChoice, quiz.MultipleChoice, quiz.TrueFalse, quiz.ShortAnswer, quiz.Numeric, quiz.Matching, quiz.Ordering, quiz.Essay}
	if len(kinds) != len(want) {
		t.Fatalf("kinds = %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("kinds = %v, want %v", kinds, want)
		}
	}
	capital, primes, tf, short, num, match, order, essay := &qs[0], &qs[1], &qs[2], &qs[3], &qs[4], &qs[5], &qs[6], &qs[7]

	if capital.Name != "Capital" || capital.Category != "Алгебра" || capital.Points != 2 ||
		capital.Text[sitecore.Kazakh] != "Қазақстанның астанасы?" || capital.Text[sitecore.Russian] != "Столица Казахстана?" || len(capital.Text) != 2 {
		t.Errorf("capital = %+v", capital)
	}
	if capital.Body.Feedback[sitecore.Russian] != "Астана с 1997 года." {
		t.Errorf("feedback = %v", capital.Body.Feedback)
	}
	grade := func(q *quiz.Question, r quiz.Response) float64 { return quiz.Grade(q, r).Fraction }
	o := capital.Body.Options
	if grade(capital, quiz.Response{Choice: o[1].ID}) != 1 || grade(capital, quiz.Response{Choice: o[2].ID}) != 0.5 || grade(capital, quiz.Response{Choice: o[0].ID}) != 0 {
		t.Errorf("capital options = %+v", o)
	}
	p := primes.Body.Options
	if primes.Body.Rule != quiz.Penalty || !p[0].Correct || !p[1].Correct || p[2].Correct {
		t.Errorf("primes = %+v", primes.Body)
	}
	if !tf.Body.Truth || tf.Text[sitecore.Kazakh] != "Жер домалақ" || tf.Text[sitecore.Russian] != "Земля круглая" {
		t.Errorf("truefalse = %+v", tf)
	}
	if short.Category != "Геометрия/Үшбұрыштар" || len(short.Body.Accepted) != 2 || grade(short, quiz.Response{Text: "ертіс"}) != 1 || grade(short, quiz.Response{Text: "Иртыш"}) != 0.5 {
		t.Errorf("short = %+v", short)
	}
	if grade(num, quiz.Response{Text: "3,15"}) != 1 || grade(num, quiz.Response{Text: "3.2"}) != 0 {
		t.Errorf("numeric = %+v", num.Body)
	}
	mp := match.Body.Pairs
	if len(mp) != 4 || mp[0].RightID != mp[1].RightID || mp[3].Left != nil ||
		grade(match, quiz.Response{Matches: map[string]string{mp[0].ID: mp[0].RightID, mp[1].ID: mp[0].RightID, mp[2].ID: mp[2].RightID}}) != 1 {
		t.Errorf("matching = %+v", mp)
	}
	if order.Body.Rule != quiz.AllOrNothing || order.Body.Options[0].Text[sitecore.Russian] != "бір" || order.Body.Options[2].Text[sitecore.Russian] != "үш" {
		t.Errorf("ordering = %+v", order.Body)
	}
	if essay.Points != 10 {
		t.Errorf("essay points = %v", essay.Points)
	}
}

func TestExportRoundTrip(t *testing.T) {
	qs := importFile(t, "testdata/bank.xml")
	var buf bytes.Buffer
	if err := Export(&buf, qs); err != nil {
		t.Fatal(err)
	}
	back, err := Import(bytes.NewReader(buf.Bytes()), sitecore.Russian) // the language of the one-language texts
	if err != nil {
		t.Fatalf("re-import: %v\n%s", err, buf.String())
	}
	if len(back) != len(qs) {
		t.Fatalf("%d questions back, want %d", len(back), len(qs))
	}
	for i := range qs {
		a, b := &qs[i], &back[i]
		if a.Kind != b.Kind || a.Category != b.Category || a.Name != b.Name || a.Points != b.Points || a.Body.Rule != b.Body.Rule {
			t.Errorf("question %d: %+v came back as %+v", i, a, b)
		}
		for _, l := range quiz.Languages {
			if a.Text[l] != b.Text[l] {
				t.Errorf("question %d text %s: %q came back as %q", i, l, a.Text[l], b.Text[l])
			}
		}
		if len(a.Body.Options) != len(b.Body.Options) || len(a.Body.Pairs) != len(b.Body.Pairs) || len(a.Body.Accepted) != len(b.Body.Accepted) || a.Body.Truth != b.Body.Truth {
			t.Errorf("question %d body: %+v came back as %+v", i, a.Body, b.Body)
		}
		for j := range a.Body.Options {
			x, y := a.Body.Options[j], b.Body.Options[j]
			if x.Correct != y.Correct || x.Credit != y.Credit || x.Text[sitecore.Russian] != y.Text[sitecore.Russian] {
				t.Errorf("question %d option %d: %+v came back as %+v", i, j, x, y)
			}
		}
	}
}

// importErr imports src and returns the error, failing if it imported anything.
func importErr(t *testing.T, src string) *sitecore.Error {
	t.Helper()
	qs, err := Import(strings.NewReader(src), sitecore.Kazakh)
	if err == nil || qs != nil {
		t.Fatalf("Import = %d questions, %v; want an error and nothing", len(qs), err)
	}
	return sitecore.AsError(err)
}

func TestImportBadFiles(t *testing.T) {
	good := `<question type="truefalse"><name><text>ok</text></name><questiontext><text>?</text></questiontext>
		<answer fraction="100"><text>false</text></answer><answer fraction="0"><text>true</text></answer></question>`
	t.Run("malformed", func(t *testing.T) {
		e := importErr(t, `<?xml version="1.0"?><quiz><question type="essay"><name><text>x</name></question></quiz>`)
		if e.Code != sitecore.EInvalid || e.Key != "quiz.import_format" || !strings.Contains(e.Args["detail"], "line 1") {
			t.Errorf("error = %v %v", e, e.Args)
		}
	})
	t.Run("not moodle", func(t *testing.T) {
		if e := importErr(t, `<html><body>hi</body></html>`); e.Key != "quiz.import_format" {
			t.Errorf("error = %v", e)
		}
	})
	t.Run("empty", func(t *testing.T) {
		if e := importErr(t, `<quiz><question type="category"><category><text>x</text></category></question></quiz>`); e.Key != "quiz.import_empty" {
			t.Errorf("error = %v", e)
		}
	})
	t.Run("every bad question is named, nothing imported", func(t *testing.T) {
		e := importErr(t, `<quiz>`+good+`
			<question type="calculated"><name><text>Formula</text></name><questiontext><text>?</text></questiontext></question>
			<question type="multichoice"><name><text>No key</text></name><questiontext><text>?</text></questiontext><single>true</single>
				<answer fraction="0"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question>
			<question type="shortanswer"><name><text>No answer</text></name><questiontext><text>?</text></questiontext></question>
			<question type="numerical"><name><text>Bad number</text></name><questiontext><text>?</text></questiontext>
				<answer fraction="100"><text>NaN</text></answer></question>
			<question type="essay"><name><text>No text</text></name><questiontext><text> </text></questiontext></question>
			<question type="multichoice"><name><text>Bad fraction</text></name><questiontext><text>?</text></questiontext>
				<answer fraction="lots"><text>a</text></answer></question>
			<question type="shortanswer"><name><text>Wildcard</text></name><questiontext><text>?</text></questiontext>
				<answer fraction="100"><text>Аст*</text></answer></question>
			`+good+`</quiz>`)
		var ps quiz.Problems
		if e.Key != "quiz.import_failed" || !errors.As(e, &ps) {
			t.Fatalf("error = %v", e)
		}
		want := []struct {
			row          int
			name, column string
			key          string
		}{
			{2, "Formula", "question", "quiz.import_type"},
			{3, "No key", "answer", "quiz.correct_one"},
			{4, "No answer", "answer", "quiz.accepted_none"},
			{5, "Bad number", "answer", "quiz.number"},
			{6, "No text", "questiontext", "field.required"},
			{7, "Bad fraction", "answer", "quiz.number"},
			{8, "Wildcard", "answer", "quiz.import_wildcard"},
		}
		if len(ps) != len(want) || e.Args["count"] != "7" {
			t.Fatalf("problems = %v", ps)
		}
		for i, w := range want {
			p := ps[i]
			if p.Row != w.row || p.Name != w.name || p.Column != w.column || p.Err.Key != w.key {
				t.Errorf("problem %d = row %d %q %q %v; want %+v", i, p.Row, p.Name, p.Column, p.Err, w)
			}
		}
		if m := ps[0].Message(sitecore.Russian); m != "Строка 2, столбец question (Formula): Тип вопроса «calculated» не импортируется." {
			t.Errorf("message = %q", m)
		}
	})
	t.Run("xml bomb", func(t *testing.T) {
		// encoding/xml reads the DTD as an opaque directive and never expands its entities:
		// the first use of one is an error, so the file cannot grow in memory.
		bomb := `<?xml version="1.0"?>
<!DOCTYPE quiz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<quiz><question type="essay"><name><text>&lol9;</text></name><questiontext><text>&lol9;</text></questiontext></question></quiz>`
		e := importErr(t, bomb)
		if e.Key != "quiz.import_format" || !strings.Contains(e.Error(), "invalid character entity &lol9;") {
			t.Errorf("error = %v", e)
		}
		// An external entity (XXE) is refused the same way: nothing is read from the disk.
		xxe := `<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><questiontext><text>&x;</text></questiontext></question></quiz>`
		if e := importErr(t, xxe); e.Key != "quiz.import_format" {
			t.Errorf("xxe error = %v", e)
		}
	})
	t.Run("too large", func(t *testing.T) {
		big := `<quiz>` + strings.Repeat(" ", quiz.MaxImportBytes) + `</quiz>`
		if e := importErr(t, big); e.Code != sitecore.ETooLarge {
			t.Errorf("error = %v", e)
		}
	})
	t.Run("other encoding", func(t *testing.T) {
		if e := importErr(t, `<?xml version="1.0" encoding="windows-1251"?><quiz></quiz>`); e.Key != "quiz.import_format" {
			t.Errorf("error = %v", e)
		}
	})
}
