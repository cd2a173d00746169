package locale

// Feedback form of a school site (issue #15): errors and the emails to the topic's admins
// and to the requester.

// FeedbackMail returns a feedback email (kind: new, reply, answer) in l; ok is false for
// kinds without an email.
func FeedbackMail(kind string, l Lang) (m Mail, ok bool) {
	m, ok = feedbackText[kind][l.Text()]
	return m, ok
}

var feedbackText = map[string]map[Lang]Mail{
	// To the topic's admins.
	"new": {
		Kazakh:  {"{site}: жаңа хабарлама «{topic}»", "{name} ({from}) жазды:\n\n{body}\n\nЖауап беру: {link}"},
		Russian: {"{site}: новое обращение «{topic}»", "{name} ({from}) пишет:\n\n{body}\n\nОтветить: {link}"},
		English: {"{site}: new message “{topic}”", "{name} ({from}) wrote:\n\n{body}\n\nAnswer: {link}"},
	},
	"reply": {
		Kazakh:  {"{site}: {name} жауап жазды «{topic}»", "{name} ({from}) жазды:\n\n{body}\n\nХабарлама: {link}"},
		Russian: {"{site}: {name} ответил(а) в обращении «{topic}»", "{name} ({from}) пишет:\n\n{body}\n\nОбращение: {link}"},
		English: {"{site}: {name} replied on “{topic}”", "{name} ({from}) wrote:\n\n{body}\n\nMessage: {link}"},
	},
	// To the topic's admins when a message waits longer than the site's SLA.
	"reminder": {
		Kazakh:  {"{site}: хабарлама жауап күтіп тұр «{topic}»", "{name} ({from}) хабарламасы әлі жауапсыз:\n\n{body}\n\nЖауап беру: {link}"},
		Russian: {"{site}: обращение ждёт ответа «{topic}»", "Обращение {name} ({from}) всё ещё без ответа:\n\n{body}\n\nОтветить: {link}"},
		English: {"{site}: a message is waiting for an answer “{topic}”", "The message of {name} ({from}) has no answer yet:\n\n{body}\n\nAnswer: {link}"},
	},
	// To the requester.
	"answer": {
		Kazakh:  {"{site}: хабарламаңызға жауап", "Сәлеметсіз бе, {name}!\n\n{body}\n\nБарлық хат алмасу және жауап жазу: {link}"},
		Russian: {"{site}: ответ на ваше обращение", "Здравствуйте, {name}!\n\n{body}\n\nПереписка и ответ: {link}"},
		English: {"{site}: an answer to your message", "Hello {name},\n\n{body}\n\nThe conversation, where you can reply: {link}"},
	},
}

var feedbackMessages = Catalog{
	"feedback.spam": {
		Kazakh:  "Хабарлама қабылданбады.",
		Russian: "Сообщение не принято.",
		English: "The message was not accepted.",
	},
	"feedback.form_invalid": {
		Kazakh:  "Пішін жарамсыз. Бетті жаңартып, қайта жіберіңіз.",
		Russian: "Форма недействительна. Обновите страницу и отправьте снова.",
		English: "The form is not valid. Reload the page and send again.",
	},
	"feedback.too_fast": {
		Kazakh:  "Пішін тым жылдам жіберілді. Бірнеше секундтан кейін қайталаңыз.",
		Russian: "Форма отправлена слишком быстро. Повторите через несколько секунд.",
		English: "The form was sent too quickly. Try again in a few seconds.",
	},
	"feedback.form_expired": {
		Kazakh:  "Пішіннің мерзімі өтті. Бетті жаңартып, қайта жіберіңіз.",
		Russian: "Срок действия формы истёк. Обновите страницу и отправьте снова.",
		English: "The form has expired. Reload the page and send again.",
	},
	"feedback.topic": {
		Kazakh:  "Тақырыпты тізімнен таңдаңыз.",
		Russian: "Выберите тему из списка.",
		English: "Choose a topic from the list.",
	},
	"feedback.recipient": {
		Kazakh:  "{value} пайдаланушысы бұл сайттың әкімшісі емес.",
		Russian: "Пользователь {value} не администратор этого сайта.",
		English: "User {value} is not an admin of this site.",
	},
	"not_found.feedback": {
		Kazakh:  "Хабарлама табылмады.",
		Russian: "Обращение не найдено.",
		English: "Message not found.",
	},
	"not_found.feedback_topic": {
		Kazakh:  "Тақырып табылмады.",
		Russian: "Тема не найдена.",
		English: "Topic not found.",
	},
}
