package locale

// certificationSeminarMessages are the messages of seminars for site admins: validation,
// registration with a waiting line, attendance, and the reminder and promotion emails.
var certificationSeminarMessages = Catalog{
	"not_found.seminar": {
		Kazakh:  "Семинар табылмады.",
		Russian: "Семинар не найден.",
		English: "Seminar not found.",
	},
	"cert.seminar_past": {
		Kazakh:  "«{field}»: семинар болашақта басталуы керек.",
		Russian: "«{field}»: семинар должен начинаться в будущем.",
		English: "“{field}”: the seminar must start in the future.",
	},
	"cert.seminar_ends": {
		Kazakh:  "«{field}»: семинар басталғаннан кейін және 14 күннен кешіктірмей аяқталуы керек.",
		Russian: "«{field}»: семинар должен заканчиваться после начала и не позже чем через 14 дней.",
		English: "“{field}”: the seminar must end after it starts and within 14 days.",
	},
	"cert.seminar_url": {
		Kazakh:  "«{field}»: онлайн сілтеме https:// мекенжайы болуы керек.",
		Russian: "«{field}»: онлайн-ссылка должна быть адресом https://.",
		English: "“{field}”: the online link must be an https:// address.",
	},
	"cert.seminar_where": {
		Kazakh:  "«{field}»: өтетін орнын немесе онлайн сілтемені көрсетіңіз.",
		Russian: "«{field}»: укажите место проведения или онлайн-ссылку.",
		English: "“{field}”: give a place or an online link.",
	},
	"cert.seminar_capacity": {
		Kazakh:  "«{field}»: орын саны 1-ден {max}-ға дейін болуы керек.",
		Russian: "«{field}»: число мест должно быть от 1 до {max}.",
		English: "“{field}”: the capacity must be between 1 and {max}.",
	},
	"cert.seminar_cancelled": {
		Kazakh:  "Семинар тоқтатылды.",
		Russian: "Семинар отменён.",
		English: "The seminar is cancelled.",
	},
	"cert.seminar_started": {
		Kazakh:  "Семинар басталып кетті: тіркелу мен бас тарту жабық.",
		Russian: "Семинар уже начался: запись и отмена закрыты.",
		English: "The seminar has started: registration and cancellation are closed.",
	},
	"cert.seminar_not_started": {
		Kazakh:  "Қатысуды семинар басталғаннан кейін ғана белгілеуге болады.",
		Russian: "Присутствие можно отметить только после начала семинара.",
		English: "Attendance can be marked only once the seminar has started.",
	},
	"cert.seminar_not_registered": {
		Kazakh:  "«{field}»: бұл адам семинарға тіркелмеген (немесе күту тізімінде).",
		Russian: "«{field}»: этот человек не записан на семинар (или в листе ожидания).",
		English: "“{field}”: this person holds no confirmed place at the seminar.",
	},
	// Emails. Placeholders: {name}, {title}, {when} (Almaty time), {where}, {days}.
	"cert.seminar.mail.reminder.subject": {
		Kazakh:  "Еске салу: «{title}» семинары {when}",
		Russian: "Напоминание: семинар «{title}» {when}",
		English: "Reminder: the seminar “{title}” on {when}",
	},
	"cert.seminar.mail.reminder.body": {
		Kazakh:  "Құрметті {name}!\n\n«{title}» семинары {days} күннен кейін басталады: {when} (Астана уақыты).\n\n{where}\n\nMektep платформасы",
		Russian: "Уважаемый(ая) {name}!\n\nСеминар «{title}» начнётся через {days} дн.: {when} (время Астаны).\n\n{where}\n\nПлатформа Mektep",
		English: "Dear {name},\n\nThe seminar “{title}” starts in {days} day(s): {when} (Astana time).\n\n{where}\n\nThe Mektep platform",
	},
	"cert.seminar.mail.promoted.subject": {
		Kazakh:  "«{title}» семинарында сізге орын табылды",
		Russian: "Для вас освободилось место на семинаре «{title}»",
		English: "A place is yours at the seminar “{title}”",
	},
	"cert.seminar.mail.promoted.body": {
		Kazakh:  "Құрметті {name}!\n\nБіреу бас тартты, енді сіз «{title}» семинарына тіркелдіңіз: {when} (Астана уақыты).\n\n{where}\n\nMektep платформасы",
		Russian: "Уважаемый(ая) {name}!\n\nКто-то отменил запись, и теперь вы записаны на семинар «{title}»: {when} (время Астаны).\n\n{where}\n\nПлатформа Mektep",
		English: "Dear {name},\n\nSomeone cancelled, and you now hold a place at the seminar “{title}”: {when} (Astana time).\n\n{where}\n\nThe Mektep platform",
	},
}
