package locale

// Changing an account's email address: the two emails (the link to the new address, the
// notice to the old one), the errors and the profile page's form and the confirmation page.

// EmailChangeMail is the email to the new address (notice false: {link}) or the notice to
// the old one (notice true: {email}, the new address).
func EmailChangeMail(l Lang, notice bool) Mail { return emailChangeMail[l.Text()][variant(notice)] }

var emailChangeMail = map[Lang][2]Mail{
	Kazakh: {
		{Subject: "Жаңа электрондық пошта мекенжайын растаңыз",
			Body: "Mektep тіркелгіңіздің мекенжайын осы мекенжайға ауыстыру сұралды. Растау үшін сілтемені ашыңыз (72 сағат жарамды):\n{link}\n\nРастамайынша тіркелгі ескі мекенжаймен қалады. Егер сіз сұрамаған болсаңыз, бұл хатты елемеңіз."},
		{Subject: "Тіркелгіңіздің мекенжайын ауыстыру сұралды",
			Body: "Mektep тіркелгіңіздің мекенжайын {email} мекенжайына ауыстыру сұралды. Ауыстыру сол мекенжайға жіберілген сілтеме ашылғаннан кейін ғана күшіне енеді.\n\nЕгер мұны сіз сұрамаған болсаңыз, құпиясөзіңізді ауыстырыңыз және «барлық құрылғыдан шығу» батырмасын басыңыз."},
	},
	Russian: {
		{Subject: "Подтвердите новый адрес электронной почты",
			Body: "Запрошена смена адреса вашей учётной записи Mektep на этот адрес. Чтобы подтвердить, откройте ссылку (действует 72 часа):\n{link}\n\nПока адрес не подтверждён, учётная запись остаётся со старым адресом. Если вы этого не запрашивали, не обращайте внимания на письмо."},
		{Subject: "Запрошена смена адреса вашей учётной записи",
			Body: "Запрошена смена адреса вашей учётной записи Mektep на {email}. Смена вступит в силу только после того, как будет открыта ссылка, отправленная на этот адрес.\n\nЕсли вы этого не запрашивали, смените пароль и нажмите «Выйти на всех устройствах»."},
	},
	English: {
		{Subject: "Confirm your new email address",
			Body: "Someone asked to move your Mektep account to this address. To confirm, open this link (valid for 72 hours):\n{link}\n\nUntil it is confirmed, the account keeps its old address. If you did not ask for this, ignore this email."},
		{Subject: "A change of your account's address was requested",
			Body: "Someone asked to move your Mektep account to {email}. The change takes effect only once the link sent to that address is opened.\n\nIf this was not you, change your password and sign out everywhere."},
	},
}

// emailChangeMessages are the errors of the change.
var emailChangeMessages = Catalog{
	"email.same": {
		Kazakh:  "Бұл — тіркелгіңіздің қазіргі мекенжайы.",
		Russian: "Это и есть текущий адрес вашей учётной записи.",
		English: "This is your account's current address.",
	},
	"not_found.email_change": {
		Kazakh:  "Күтудегі мекенжай ауыстыру жоқ.",
		Russian: "Ожидающей смены адреса нет.",
		English: "No change of address is waiting.",
	},
}

// emailChangeUI are the strings of the profile page's form and of the confirmation page.
var emailChangeUI = Strings{
	Kazakh: {
		"email_change": "Электрондық поштаны ауыстыру", "new_email": "Жаңа мекенжай",
		"email_change_hint":   "Жаңа мекенжайға растау сілтемесі жіберіледі; оны ашқанша тіркелгі қазіргі мекенжаймен қалады. Қазіргі мекенжайға хабарлама жіберіледі.",
		"email_change_submit": "Сілтеме жіберу", "email_change_sent": "Растау сілтемесі жаңа мекенжайға жіберілді.",
		"email_change_pending": "Растауды күтуде:", "confirm_email_title": "Жаңа мекенжайды растау",
		"email_changed": "Мекенжай ауыстырылды. Енді жаңа мекенжаймен кіріңіз.", "email_change_failed": "Сілтеме жарамсыз немесе мерзімі өткен.",
	},
	Russian: {
		"email_change": "Смена электронной почты", "new_email": "Новый адрес",
		"email_change_hint":   "На новый адрес придёт ссылка для подтверждения; пока она не открыта, учётная запись остаётся с текущим адресом. На текущий адрес придёт уведомление.",
		"email_change_submit": "Отправить ссылку", "email_change_sent": "Ссылка для подтверждения отправлена на новый адрес.",
		"email_change_pending": "Ожидает подтверждения:", "confirm_email_title": "Подтверждение нового адреса",
		"email_changed": "Адрес изменён. Теперь входите с новым адресом.", "email_change_failed": "Ссылка недействительна или устарела.",
	},
	English: {
		"email_change": "Change of email", "new_email": "New address",
		"email_change_hint":   "A confirmation link goes to the new address; until it is opened, the account keeps the current address. The current address is told.",
		"email_change_submit": "Send the link", "email_change_sent": "A confirmation link was sent to the new address.",
		"email_change_pending": "Waiting for confirmation:", "confirm_email_title": "Confirming the new address",
		"email_changed": "The address is changed. Log in with the new address from now on.", "email_change_failed": "The link is invalid or has expired.",
	},
}
