package olympiad

import (
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// Email kinds of an olympiad.
const (
	MailReminder  = "reminder"  // before the round starts
	MailResults   = "results"   // results released, appeals open
	MailQualified = "qualified" // invited to the next round
	MailDiploma   = "diploma"   // the diploma or certificate is published
)

// mailText is each olympiad email per language: subject, then body. Placeholders: {name},
// {olympiad}, {stage}, {subject}, {at}, {until}, {link}.
var mailText = map[string]map[sitecore.Lang][2]string{
	MailReminder: {
		sitecore.Kazakh:  {"«{olympiad}»: {stage} {at} басталады", "{name}, «{olympiad}» олимпиадасының {stage} ({subject}) {at} басталады. Тапсырмалар сол уақытта ашылады.\n\n{link}"},
		sitecore.Russian: {"«{olympiad}»: {stage} начинается {at}", "{name}, {stage} олимпиады «{olympiad}» ({subject}) начинается {at}. Задания откроются в это время.\n\n{link}"},
		sitecore.English: {"{olympiad}: the {stage} starts at {at}", "{name}, the {stage} of {olympiad} ({subject}) starts at {at}. The tasks open then.\n\n{link}"},
	},
	MailResults: {
		sitecore.Kazakh:  {"«{olympiad}»: нәтижелер жарияланды", "{name}, {stage} нәтижелері жарияланды. Апелляцияны {until} дейін беруге болады.\n\n{link}"},
		sitecore.Russian: {"«{olympiad}»: результаты опубликованы", "{name}, результаты: {stage} опубликованы. Апелляцию можно подать до {until}.\n\n{link}"},
		sitecore.English: {"{olympiad}: results are out", "{name}, the results of the {stage} are out. Appeals are open until {until}.\n\n{link}"},
	},
	MailQualified: {
		sitecore.Kazakh:  {"«{olympiad}»: келесі кезеңге өттіңіз", "{name}, құттықтаймыз! Сіз келесі кезеңге шақырылдыңыз: {stage}, басталуы {at}.\n\n{link}"},
		sitecore.Russian: {"«{olympiad}»: вы прошли в следующий этап", "{name}, поздравляем! Вы приглашены в следующий этап: {stage}, начало {at}.\n\n{link}"},
		sitecore.English: {"{olympiad}: you are through to the next round", "{name}, congratulations! You are invited to the {stage}, starting at {at}.\n\n{link}"},
	},
	MailDiploma: {
		sitecore.Kazakh:  {"«{olympiad}»: дипломыңыз дайын", "{name}, {stage} дипломыңыз (сертификатыңыз) жарияланды.\n\n{link}"},
		sitecore.Russian: {"«{olympiad}»: ваш диплом готов", "{name}, ваш диплом (сертификат), {stage}, опубликован.\n\n{link}"},
		sitecore.English: {"{olympiad}: your diploma is ready", "{name}, your diploma (certificate) of the {stage} is published.\n\n{link}"},
	},
}

// Mail holds what an olympiad email says.
type Mail struct {
	Kind, Name, Olympiad, Subject, At, Until, Link string
	Stage                                          Stage
}

// StageName returns the stage's name in lang ("аудандық кезең", "районный этап").
func StageName(s Stage, lang sitecore.Lang) string {
	t, ok := diplomaText[lang]
	if !ok {
		t = diplomaText[sitecore.English]
	}
	return t["stage_"+string(s)]
}

// Email builds an olympiad email in lang (English when the language has no text); an
// unknown kind gives nil.
func Email(key string, lang sitecore.Lang, to string, m Mail) *sitecore.Email {
	texts, ok := mailText[m.Kind]
	if !ok {
		return nil
	}
	t, ok := texts[lang]
	if !ok {
		lang, t = sitecore.English, texts[sitecore.English]
	}
	r := strings.NewReplacer("{name}", m.Name, "{olympiad}", m.Olympiad, "{stage}", StageName(m.Stage, lang),
		"{subject}", m.Subject, "{at}", m.At, "{until}", m.Until, "{link}", m.Link)
	subject := strings.Join(strings.Fields(r.Replace(t[0])), " ")
	body := strings.TrimSpace(r.Replace(t[1]))
	var htm strings.Builder
	for _, para := range strings.Split(body, "\n\n") {
		htm.WriteString("<p>" + strings.ReplaceAll(sitecore.EscapeHTML(para), "\n", "<br>") + "</p>")
	}
	return &sitecore.Email{Key: key, To: to, Subject: subject, Text: body + "\n",
		HTML: "<!doctype html><html><body>" + htm.String() + "</body></html>"}
}
