package olympiad

import (
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// diplomaText is a diploma's fixed wording per language.
var diplomaText = map[sitecore.Lang]map[string]string{
	sitecore.Kazakh: {
		"first": "I дәрежелі диплом", "second": "II дәрежелі диплом", "third": "III дәрежелі диплом",
		"participant": "Қатысушы сертификаты", "awarded": "марапатталады", "school": "Мектеп",
		"subject": "Пән", "grade": "сынып", "place": "Орын", "score": "Балл", "code": "Тексеру коды",
		"verify": "Түпнұсқалығын тексеру", "stage_school": "мектепішілік кезең", "stage_district": "аудандық кезең",
		"stage_region": "облыстық кезең", "stage_republic": "республикалық кезең",
	},
	sitecore.Russian: {
		"first": "Диплом I степени", "second": "Диплом II степени", "third": "Диплом III степени",
		"participant": "Сертификат участника", "awarded": "награждается", "school": "Школа",
		"subject": "Предмет", "grade": "класс", "place": "Место", "score": "Баллы", "code": "Код проверки",
		"verify": "Проверить подлинность", "stage_school": "школьный этап", "stage_district": "районный этап",
		"stage_region": "областной этап", "stage_republic": "республиканский этап",
	},
	sitecore.English: {
		"first": "First-degree diploma", "second": "Second-degree diploma", "third": "Third-degree diploma",
		"participant": "Certificate of participation", "awarded": "is awarded to", "school": "School",
		"subject": "Subject", "grade": "grade", "place": "Place", "score": "Score", "code": "Verification code",
		"verify": "Verify", "stage_school": "school round", "stage_district": "district round",
		"stage_region": "regional round", "stage_republic": "national round",
	},
}

// diplomaPage is the print view: one A4 landscape page, no scripts, no outside resources.
var diplomaPage = template.Must(template.New("diploma").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}} — {{.D.Participant}}</title>
<style>@page{size:A4 landscape;margin:15mm}body{font-family:serif;text-align:center;color:#1b2a41}
h1{font-size:30pt;margin:20mm 0 6mm}.who{font-size:24pt;font-weight:bold;margin:6mm 0}
.meta{font-size:13pt;margin:2mm 0}.code{margin-top:18mm;font-family:monospace;font-size:12pt}</style></head>
<body><h1>{{.Title}}</h1>
<p class="meta">{{.D.Olympiad}} — {{.Stage}}</p>
<p class="meta">{{.T.awarded}}</p>
<p class="who">{{.D.Participant}}</p>
<p class="meta">{{.T.school}}: {{.D.School}}</p>
<p class="meta">{{.T.subject}}: {{.D.Subject}}, {{.D.Grade}} {{.T.grade}}</p>
{{if .D.Place}}<p class="meta">{{.T.place}}: {{.D.Place}} · {{.T.score}}: {{.Score}}</p>{{end}}
<p class="meta">{{.D.Organiser}} · {{.Date}}</p>
<p class="code">{{.T.code}}: <strong>{{.D.Code}}</strong><br>{{.T.verify}}: <a href="{{.VerifyURL}}">{{.VerifyURL}}</a></p>
</body></html>
`))

// WriteDiplomaHTML writes the print view of a diploma in its language (English when the
// language has no texts). verifyURL is the public lookup's address; the code is appended.
func WriteDiplomaHTML(w io.Writer, d *DiplomaView, verifyURL string) error {
	t, ok := diplomaText[d.Lang]
	if !ok {
		t = diplomaText[sitecore.English]
	}
	return diplomaPage.Execute(w, map[string]any{
		"Lang": d.Lang, "D": d, "T": t, "Title": t[string(d.Award)], "Stage": t["stage_"+string(d.Stage)],
		"Score":     strconv.FormatFloat(d.Score, 'f', -1, 64) + " / " + strconv.FormatFloat(d.MaxScore, 'f', -1, 64),
		"Date":      d.Issued.In(sitecore.Almaty).Format("02.01.2006"),
		"VerifyURL": strings.TrimRight(verifyURL, "/") + "/" + d.Code,
	})
}
