package sitecore

import "strings"

// helpdeskText is each helpdesk email per language: subject, then body. Placeholders:
// {number}, {subject}, {body}, {link}, {clock}, {due}.
var helpdeskText = map[string]map[Lang][2]string{
	// To the requester.
	"received": {
		Kazakh:  {"№{number} өтініш тіркелді: {subject}", "Өтінішіңіз тіркелді. Қолдау қызметі жақын арада жауап береді.\n\nӨтінішті қарау: {link}"},
		Russian: {"Обращение №{number} зарегистрировано: {subject}", "Ваше обращение зарегистрировано. Служба поддержки скоро ответит.\n\nОбращение: {link}"},
		English: {"Ticket {number} received: {subject}", "Your request has been registered. Support will answer soon.\n\nYour ticket: {link}"},
	},
	"reply": {
		Kazakh:  {"№{number} өтінішке жауап: {subject}", "{body}\n\nЖауап беру: {link}"},
		Russian: {"Ответ по обращению №{number}: {subject}", "{body}\n\nОтветить: {link}"},
		English: {"Reply to ticket {number}: {subject}", "{body}\n\nReply: {link}"},
	},
	"waiting": {
		Kazakh:  {"№{number} өтініш сіздің жауабыңызды күтуде", "Қолдау қызметі сіздің жауабыңызды күтуде. Жауап болмаса, өтініш біраз уақыттан кейін жабылады.\n\n{link}"},
		Russian: {"Обращение №{number} ждёт вашего ответа", "Служба поддержки ждёт вашего ответа. Без ответа обращение через некоторое время будет закрыто.\n\n{link}"},
		English: {"Ticket {number} is waiting for your answer", "Support is waiting for your answer. Without one the ticket will be closed after a while.\n\n{link}"},
	},
	"solved": {
		Kazakh:  {"№{number} өтініш шешілді: {subject}", "Өтінішіңіз шешілді. Маманның жұмысын бағалаңыз (1–5 жұлдыз): {link}\n\nМәселе шешілмесе, өтінішті қайта ашуға болады."},
		Russian: {"Обращение №{number} решено: {subject}", "Ваше обращение решено. Оцените работу специалиста (1–5 звёзд): {link}\n\nЕсли проблема осталась, обращение можно открыть заново."},
		English: {"Ticket {number} solved: {subject}", "Your request is solved. Please rate the agent (1–5 stars): {link}\n\nIf the problem is still there, you can reopen the ticket."},
	},
	"auto_closed": {
		Kazakh:  {"№{number} өтініш жабылды", "Сізден жауап болмағандықтан, өтініш жабылды. Қажет болса, жаңа өтініш беріңіз."},
		Russian: {"Обращение №{number} закрыто", "Обращение закрыто, так как ответа от вас не было. При необходимости создайте новое обращение."},
		English: {"Ticket {number} closed", "The ticket was closed because we did not hear back from you. Open a new one if you still need help."},
	},
	"merged": {
		Kazakh:  {"№{number} өтініш біріктірілді", "Өтініш басқа өтінішпен біріктірілді, жұмыс сонда жалғасады: {link}"},
		Russian: {"Обращение №{number} объединено", "Обращение объединено с другим, работа продолжится в нём: {link}"},
		English: {"Ticket {number} merged", "The ticket was merged into another one, where the work continues: {link}"},
	},
	// To the support team.
	"assigned": {
		Kazakh:  {"Сізге №{number} өтініш берілді: {subject}", "{link}"},
		Russian: {"Вам назначено обращение №{number}: {subject}", "{link}"},
		English: {"Ticket {number} is assigned to you: {subject}", "{link}"},
	},
	"reminder": {
		Kazakh:  {"Еске салу: №{number} өтініштің мерзімі жақындады", "«{clock}» мерзімі {due} аяқталады.\n\n{link}"},
		Russian: {"Напоминание: срок по обращению №{number} подходит", "Срок «{clock}» истекает {due}.\n\n{link}"},
		English: {"Reminder: ticket {number} is due soon", "The {clock} target is due at {due}.\n\n{link}"},
	},
	"breach": {
		Kazakh:  {"SLA бұзылды: №{number} өтініш", "«{clock}» мерзімі {due} өтіп кетті. Өтініш бұзылған деп белгіленді.\n\n{link}"},
		Russian: {"Нарушен SLA: обращение №{number}", "Срок «{clock}» истёк {due}. Обращение отмечено как нарушенное.\n\n{link}"},
		English: {"SLA breached: ticket {number}", "The {clock} target was due at {due}. The ticket is marked breached.\n\n{link}"},
	},
	"escalation": {
		Kazakh:  {"Эскалация: №{number} өтініш әлі шешілмеген", "«{clock}» мерзімі {due} өтіп кеткеннен бері көп уақыт өтті. Команда жетекшісі хабардар етілген.\n\n{link}"},
		Russian: {"Эскалация: обращение №{number} всё ещё не решено", "Срок «{clock}» истёк {due}, и с тех пор прошло много времени. Руководитель команды уведомлён.\n\n{link}"},
		English: {"Escalation: ticket {number} is still not solved", "The {clock} target was due at {due}, long ago. The team lead has been told.\n\n{link}"},
	},
}

// clockNames are the SLA targets' names in email.
var clockNames = map[string]map[Lang]string{
	"first_response": {Kazakh: "алғашқы жауап", Russian: "первый ответ", English: "first response"},
	"resolution":     {Kazakh: "шешім", Russian: "решение", English: "resolution"},
}

// HelpdeskMail holds what a helpdesk email says.
type HelpdeskMail struct {
	Kind, Number, Subject, Body, Link, Clock, Due string
}

// HelpdeskEmail builds a helpdesk email in lang (English when the language has no text);
// kinds without text give nil.
func HelpdeskEmail(key string, lang Lang, to string, m HelpdeskMail) *Email {
	texts, ok := helpdeskText[m.Kind]
	if !ok {
		return nil
	}
	t, ok := texts[lang]
	if !ok {
		lang, t = English, texts[English]
	}
	clock := clockNames[m.Clock][lang]
	r := strings.NewReplacer("{number}", m.Number, "{subject}", m.Subject, "{body}", m.Body, "{link}", m.Link,
		"{clock}", clock, "{due}", m.Due)
	subject := strings.Join(strings.Fields(r.Replace(t[0])), " ")
	body := strings.TrimSpace(r.Replace(t[1]))
	var htm strings.Builder
	for _, para := range strings.Split(body, "\n\n") {
		htm.WriteString("<p>" + strings.ReplaceAll(EscapeHTML(para), "\n", "<br>") + "</p>")
	}
	return &Email{Key: key, To: to, Subject: subject, Text: body + "\n",
		HTML: "<!doctype html><html><body>" + htm.String() + "</body></html>"}
}
