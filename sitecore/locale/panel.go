package locale

// Panel returns the control panel's shared interface strings in l: the frame, the
// navigation of every section, the notices after a saved form and the units; and the
// strings of the dashboard, people and admissions desk. The map is shared and read-only.
func Panel(l Lang) map[string]string { return panelUI.of(l) }

// panelUI are the control panel's shared strings (panelShell) joined with those of the
// dashboard, people and admissions desk (panelDesk, panel_desk.go).
var panelUI = joinStrings([]Strings{panelShell, panelDesk, quizPanelShell, panelChildLinks, feedbackPanel, panelEvents})

// panelShell are the strings of the panel's frame, used by every section.
var panelShell = Strings{
	Kazakh: {
		"panel": "Басқару панелі", "skip": "Мазмұнға өту", "language": "Тіл", "to_site": "Сайтқа", "logout": "Шығу",
		"nav.dashboard": "Басты бет", "nav.pages": "Беттер", "nav.news": "Жаңалықтар", "nav.menus": "Мәзір",
		"nav.media": "Медиатека", "nav.galleries": "Галереялар", "nav.comments": "Пікірлер", "nav.admissions": "Қабылдау",
		"nav.people": "Адамдар", "nav.mailboxes": "Пошта", "nav.stats": "Статистика", "nav.settings": "Баптаулар", "nav.learning": "Менің оқуым", "nav.polls": "Сауалнамалар", "nav.communities": "Қауымдастықтар",
		"forbidden": "Қолжетімсіз", "forbidden_text": "Бұл бөлімге рұқсатыңыз жоқ. Сайт әкімшісіне жүгініңіз.",
		"fix_fields": "Белгіленген өрістерді түзетіңіз.",
		"done.saved": "Сақталды.", "done.created": "Құрылды.", "done.deleted": "Жойылды.",
		"unit.b": "Б", "unit.kb": "КБ", "unit.mb": "МБ", "unit.gb": "ГБ",
	},
	Russian: {
		"panel": "Панель управления", "skip": "Перейти к содержанию", "language": "Язык", "to_site": "На сайт", "logout": "Выйти",
		"nav.dashboard": "Главная", "nav.pages": "Страницы", "nav.news": "Новости", "nav.menus": "Меню",
		"nav.media": "Медиатека", "nav.galleries": "Галереи", "nav.comments": "Комментарии", "nav.admissions": "Приём",
		"nav.people": "Люди", "nav.mailboxes": "Почта", "nav.stats": "Статистика", "nav.settings": "Настройки", "nav.learning": "Моё обучение", "nav.polls": "Опросы", "nav.communities": "Сообщества",
		"forbidden": "Нет доступа", "forbidden_text": "У вас нет доступа к этому разделу. Обратитесь к администратору сайта.",
		"fix_fields": "Исправьте отмеченные поля.",
		"done.saved": "Сохранено.", "done.created": "Создано.", "done.deleted": "Удалено.",
		"unit.b": "Б", "unit.kb": "КБ", "unit.mb": "МБ", "unit.gb": "ГБ",
	},
	English: {
		"panel": "Control panel", "skip": "Skip to content", "language": "Language", "to_site": "To the site", "logout": "Sign out",
		"nav.dashboard": "Overview", "nav.pages": "Pages", "nav.news": "News", "nav.menus": "Menus",
		"nav.media": "Media", "nav.galleries": "Galleries", "nav.comments": "Comments", "nav.admissions": "Admissions",
		"nav.people": "People", "nav.mailboxes": "Mail", "nav.stats": "Statistics", "nav.settings": "Settings", "nav.learning": "My learning", "nav.polls": "Polls", "nav.communities": "Communities",
		"forbidden": "No access", "forbidden_text": "You have no access to this section. Ask the site's administrator.",
		"fix_fields": "Please correct the marked fields.",
		"done.saved": "Saved.", "done.created": "Created.", "done.deleted": "Deleted.",
		"unit.b": "B", "unit.kb": "KB", "unit.mb": "MB", "unit.gb": "GB",
	},
}
