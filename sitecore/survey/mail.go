package survey

import (
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// mailText holds a survey email per language: subject, then body; {title}, {closes}, {link},
// {ballots}, {quorum} are filled in.
var mailText = map[string]map[sitecore.Lang][2]string{
	"reminder": {
		sitecore.Kazakh:  {"Еске салу: «{title}»", "Сәлеметсіз бе!\n\n«{title}» сауалнамасы {closes} жабылады, ал сіз әлі қатыспадыңыз.\nҚатысу: {link}\n\nMektep платформасы"},
		sitecore.Russian: {"Напоминание: «{title}»", "Здравствуйте!\n\nОпрос «{title}» закрывается {closes}, а вы ещё не приняли участие.\nПринять участие: {link}\n\nПлатформа Mektep"},
		sitecore.English: {"Reminder: {title}", "Hello!\n\nThe survey “{title}” closes on {closes} and you have not taken part yet.\nTake part: {link}\n\nThe Mektep platform"},
	},
	"closed": {
		sitecore.Kazakh:  {"«{title}» жабылды", "«{title}» сауалнамасы жабылды.\nБюллетеньдер: {ballots}. Кворум: {quorum}.\nНәтижелер: {link}\n\nMektep платформасы"},
		sitecore.Russian: {"Опрос «{title}» закрыт", "Опрос «{title}» закрыт.\nБюллетеней: {ballots}. Кворум: {quorum}.\nРезультаты: {link}\n\nПлатформа Mektep"},
		sitecore.English: {"“{title}” has closed", "The survey “{title}” has closed.\nBallots: {ballots}. Quorum: {quorum}.\nResults: {link}\n\nThe Mektep platform"},
	},
	"cancelled": {
		sitecore.Kazakh:  {"«{title}» тоқтатылды", "«{title}» сауалнамасы тоқтатылды, дауыстар есептелмейді.\n\nMektep платформасы"},
		sitecore.Russian: {"Опрос «{title}» отменён", "Опрос «{title}» отменён, голоса не подсчитываются.\n\nПлатформа Mektep"},
		sitecore.English: {"“{title}” was cancelled", "The survey “{title}” was cancelled; its ballots are not counted.\n\nThe Mektep platform"},
	},
}

var quorumWords = map[sitecore.Lang][2]string{
	sitecore.Kazakh:  {"жиналмады", "жиналды"},
	sitecore.Russian: {"не набран", "набран"},
	sitecore.English: {"not met", "met"},
}

// MailFacts fill a survey email.
type MailFacts struct {
	Link      string
	Ballots   int
	QuorumMet bool
}

// Email builds the survey email of kind ("reminder", "closed", "cancelled") in lang (English
// for languages without texts), keyed for sending once.
func Email(kind, key string, lang sitecore.Lang, to string, s *Survey, f MailFacts) *sitecore.Email {
	texts, ok := mailText[kind]
	if !ok {
		return nil
	}
	t, ok := texts[lang]
	if !ok {
		lang = sitecore.English
		t = texts[lang]
	}
	q := 0
	if f.QuorumMet {
		q = 1
	}
	r := strings.NewReplacer("{title}", s.Title[s.Lang(lang)], "{closes}", sitecore.LocalDateTime(s.ClosesAt),
		"{link}", f.Link, "{ballots}", strconv.Itoa(f.Ballots), "{quorum}", quorumWords[lang][q])
	body := r.Replace(t[1])
	html := "<!doctype html><html><body>"
	for _, para := range strings.Split(body, "\n\n") {
		html += "<p>" + strings.ReplaceAll(sitecore.EscapeHTML(para), "\n", "<br>") + "</p>"
	}
	return &sitecore.Email{Key: key, To: to, Subject: r.Replace(t[0]), Text: body, HTML: html + "</body></html>"}
}
