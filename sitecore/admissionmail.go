package sitecore

import (
	"strconv"
	"strings"
)

// admissionText is the email of each admission event per language: subject, then body.
// Placeholders: {number}, {child}, {school}, {note}, {position}, {deadline}, {link}.
var admissionText = map[string]map[Lang][2]string{
	"documents_check": {
		Kazakh:  {"№{number} өтініш қабылданды", "{child} атынан берілген өтініш қабылданды. Мектеп құжаттарды тексереді."},
		Russian: {"Заявление №{number} принято", "Заявление на ребёнка {child} принято. Школа проверит документы."},
		English: {"Application {number} received", "The application for {child} has been received. The school will check the documents."},
	},
	"documents_fix": {
		Kazakh:  {"№{number} өтініш: құжатты түзету керек", "Мектеп құжатты қабылдамады: {note}. Түзетілген құжатты жүктеңіз."},
		Russian: {"Заявление №{number}: нужно исправить документы", "Школа не приняла документ: {note}. Загрузите исправленный документ."},
		English: {"Application {number}: please fix the documents", "The school did not accept a document: {note}. Please upload a corrected one."},
	},
	"documents_reminder": {
		Kazakh:  {"Еске салу: №{number} өтініштің құжаттары", "Құжаттар әлі түзетілмеген. Уақытында түзетілмесе, өтініш кері қайтарылады."},
		Russian: {"Напоминание: документы заявления №{number}", "Документы ещё не исправлены. Если не исправить их вовремя, заявление будет отозвано."},
		English: {"Reminder: documents of application {number}", "The documents have not been fixed yet. If they are not fixed in time, the application will be withdrawn."},
	},
	"under_review": {
		Kazakh:  {"№{number} өтініш қаралуда", "Құжаттар қабылданды. Шешім нәтижелер жарияланған күні белгілі болады."},
		Russian: {"Заявление №{number} на рассмотрении", "Документы приняты. Решение станет известно в день объявления результатов."},
		English: {"Application {number} under review", "The documents are accepted. The decision will be announced on the results day."},
	},
	"admitted": {
		Kazakh:  {"{school}: {child} қабылданды", "{child} мектепке қабылданды. Орынды {deadline} дейін растаңыз: {link}"},
		Russian: {"{school}: {child} принят(а)", "{child} принят(а) в школу. Подтвердите место до {deadline}: {link}"},
		English: {"{school}: {child} is admitted", "{child} is admitted. Please confirm the seat by {deadline}: {link}"},
	},
	"waitlisted": {
		Kazakh:  {"№{number} өтініш күту тізімінде", "{child} күту тізімінде, орны: {position}. Орын босаса, хабарлаймыз."},
		Russian: {"Заявление №{number} в листе ожидания", "{child} в листе ожидания, позиция {position}. Сообщим, если освободится место."},
		English: {"Application {number} is on the waiting list", "{child} is on the waiting list at position {position}. We will write if a seat frees up."},
	},
	"declined": {
		Kazakh:  {"№{number} өтініш бойынша шешім", "Өкінішке орай, өтініш қабылданбады. Себебі: {note}"},
		Russian: {"Решение по заявлению №{number}", "К сожалению, заявление отклонено. Причина: {note}"},
		English: {"Decision on application {number}", "Unfortunately the application was declined. Reason: {note}"},
	},
	"enrolled": {
		Kazakh:  {"{child} мектепке тіркелді", "{child} {school} оқушысы болды. Қош келдіңіздер!"},
		Russian: {"{child} зачислен(а)", "{child} зачислен(а) в {school}. Добро пожаловать!"},
		English: {"{child} is enrolled", "{child} is enrolled at {school}. Welcome!"},
	},
	"offer_expired": {
		Kazakh:  {"№{number}: орынды растау мерзімі өтті", "Орын уақытында расталмады және басқа үміткерге берілді."},
		Russian: {"Заявление №{number}: срок подтверждения истёк", "Место не было подтверждено вовремя и передано следующему кандидату."},
		English: {"Application {number}: the offer expired", "The seat was not confirmed in time and went to the next candidate."},
	},
	"offer_declined": {
		Kazakh:  {"№{number}: орыннан бас тарттыңыз", "Сіз ұсынылған орыннан бас тарттыңыз."},
		Russian: {"Заявление №{number}: вы отказались от места", "Вы отказались от предложенного места."},
		English: {"Application {number}: you declined the seat", "You declined the offered seat."},
	},
	"withdrawn": {
		Kazakh:  {"№{number} өтініш кері қайтарылды", "Өтініш кері қайтарылды. {note}"},
		Russian: {"Заявление №{number} отозвано", "Заявление отозвано. {note}"},
		English: {"Application {number} withdrawn", "The application was withdrawn. {note}"},
	},
}

// AdmissionMail holds what an admission email says.
type AdmissionMail struct {
	Kind, Number, Child, School, Note, Link string
	Position                                int
	Deadline                                string // already formatted for the language
}

// AdmissionEmail builds the email of an admission event in the family's language; kinds
// without text give nil.
func AdmissionEmail(key string, lang Lang, to string, m AdmissionMail) *Email {
	texts, ok := admissionText[m.Kind]
	if !ok {
		return nil
	}
	t, ok := texts[lang]
	if !ok {
		t = texts[English]
	}
	r := strings.NewReplacer("{number}", m.Number, "{child}", m.Child, "{school}", m.School, "{note}", m.Note,
		"{position}", strconv.Itoa(m.Position), "{deadline}", m.Deadline, "{link}", m.Link)
	subject := strings.Join(strings.Fields(r.Replace(t[0])), " ")
	body := strings.TrimSpace(r.Replace(t[1]))
	return &Email{Key: key, To: to, Subject: subject, Text: body + "\n",
		HTML: "<!doctype html><html><body><p>" + EscapeHTML(body) + "</p></body></html>"}
}
