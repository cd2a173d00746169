package locale

// Edu mailboxes (issue #16): errors of the mailbox service and the strings of the panel's
// mailboxes page.

var mailboxMessages = Catalog{
	"mailbox.local_part_invalid": {
		Kazakh:  "Адрестің «@» алдындағы бөлігінде тек латын әріптері, цифрлар және олардың арасында «.», «-» немесе «_» болуы керек.",
		Russian: "Имя ящика (до «@») может содержать только латинские буквы, цифры и «.», «-» или «_» между ними.",
		English: "The name before “@” may hold only latin letters, digits, and “.”, “-” or “_” between them.",
	},
	"mailbox.exists": {
		Kazakh:  "{address} пошта жәшігі бұрыннан бар.",
		Russian: "Ящик {address} уже существует.",
		English: "The mailbox {address} already exists.",
	},
	"mailbox.quota_exceeded": {
		Kazakh:  "Сайттың пошта квотасы жетпейді: {limit_mb} МБ-тан {left_mb} МБ қалды.",
		Russian: "Не хватает почтовой квоты сайта: осталось {left_mb} МБ из {limit_mb} МБ.",
		English: "The site's mail quota is not enough: {left_mb} MB left of {limit_mb} MB.",
	},
	"mailbox.quota_invalid": {
		Kazakh:  "Квота 1-ден {max} МБ-қа дейін болуы керек.",
		Russian: "Квота должна быть от 1 до {max} МБ.",
		English: "The quota must be between 1 and {max} MB.",
	},
	"mailbox.limit_invalid": {
		Kazakh:  "Сайттың пошта квотасы кемінде {min} байт болуы керек.",
		Russian: "Почтовая квота сайта должна быть не меньше {min} байт.",
		English: "The site's mail quota must be at least {min} bytes.",
	},
	"mailbox.confirm_wrong": {
		Kazakh:  "Жою үшін жәшіктің толық адресін жазыңыз.",
		Russian: "Чтобы удалить, введите полный адрес ящика.",
		English: "To delete, type the mailbox's full address.",
	},
	"not_found.mailbox": {
		Kazakh:  "Пошта жәшігі табылмады.",
		Russian: "Почтовый ящик не найден.",
		English: "Mailbox not found.",
	},
}

// Mailboxes returns the strings of the panel's mailboxes page in l.
func Mailboxes(l Lang) map[string]string { return mailboxUI.of(l) }

var mailboxUI = Strings{
	Kazakh: {
		"title": "Пошта жәшіктері", "domain": "Домен", "address": "Адрес", "local_part": "Жәшік атауы (@ алдында)",
		"quota_mb": "Квота, МБ", "create": "Жәшік құру", "usage": "Қолданылуы", "state": "Күйі",
		"state.active": "Белсенді", "state.suspended": "Тоқтатылған", "reset": "Құпиясөзді жаңарту",
		"suspend": "Тоқтату", "resume": "Қайта қосу", "delete": "Жою",
		"delete_confirm": "Жәшік пен оның барлық хаттары жойылады. Растау үшін адресін жазыңыз:",
		"confirm_field":  "Растау",
		"password_once":  "Құпиясөз тек бір рет көрсетіледі. Оны көшіріп, жәшік иесіне беріңіз:",
		"site_quota":     "Сайттың пошта квотасы", "allocated": "бөлінді", "of": "/", "none": "Жәшіктер әлі жоқ.",
		"unknown": "белгісіз", "unavailable": "Пошта сервері қосылмаған.", "actions": "Әрекеттер",
	},
	Russian: {
		"title": "Почтовые ящики", "domain": "Домен", "address": "Адрес", "local_part": "Имя ящика (до @)",
		"quota_mb": "Квота, МБ", "create": "Создать ящик", "usage": "Занято", "state": "Состояние",
		"state.active": "Активен", "state.suspended": "Приостановлен", "reset": "Сбросить пароль",
		"suspend": "Приостановить", "resume": "Возобновить", "delete": "Удалить",
		"delete_confirm": "Ящик и все его письма будут удалены. Для подтверждения введите его адрес:",
		"confirm_field":  "Подтверждение",
		"password_once":  "Пароль показывается только один раз. Скопируйте его и передайте владельцу ящика:",
		"site_quota":     "Почтовая квота сайта", "allocated": "выделено", "of": "из", "none": "Ящиков пока нет.",
		"unknown": "неизвестно", "unavailable": "Почтовый сервер не подключён.", "actions": "Действия",
	},
	English: {
		"title": "Mailboxes", "domain": "Domain", "address": "Address", "local_part": "Mailbox name (before @)",
		"quota_mb": "Quota, MB", "create": "Create mailbox", "usage": "Used", "state": "State",
		"state.active": "Active", "state.suspended": "Suspended", "reset": "Reset password",
		"suspend": "Suspend", "resume": "Resume", "delete": "Delete",
		"delete_confirm": "The mailbox and all its mail will be deleted. To confirm, type its address:",
		"confirm_field":  "Confirmation",
		"password_once":  "The password is shown only once. Copy it and give it to the mailbox's owner:",
		"site_quota":     "Site mail quota", "allocated": "allocated", "of": "of", "none": "No mailboxes yet.",
		"unknown": "unknown", "unavailable": "No mail server is connected.", "actions": "Actions",
	},
}
