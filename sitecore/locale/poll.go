package locale

// pollMessages are the messages of polls (surveys of kind poll); they join the catalog at
// start-up.
var pollMessages = Catalog{
	"not_found.poll": {
		Kazakh:  "Сауалнама (опрос) табылмады.",
		Russian: "Опрос не найден.",
		English: "Poll not found.",
	},
	"poll.already_voted": {
		Kazakh:  "Сіз бұл сауалнамаға дауыс бердіңіз: бір рет қана дауыс беруге болады.",
		Russian: "Вы уже ответили на этот опрос: ответить можно только один раз.",
		English: "You have already voted in this poll: you can vote only once.",
	},
	"poll.results": {
		Kazakh:  "Нәтижелерді көрсету тәсілі «{value}» жоқ. Таңдаңыз: always, after_vote, after_close, admins.",
		Russian: "Способа показа результатов «{value}» нет. Выберите: always, after_vote, after_close, admins.",
		English: "There is no results setting “{value}”. Choose always, after_vote, after_close or admins.",
	},
	"poll.owner_kind": {
		Kazakh:  "«{value}» иесі жоқ. Бос қалдырыңыз немесе page не community таңдаңыз.",
		Russian: "Владельца вида «{value}» нет. Оставьте пустым или выберите page или community.",
		English: "There is no owner kind “{value}”. Leave it empty or choose page or community.",
	},
	"poll.owner_ref": {
		Kazakh:  "Бұл сайтта мұндай қауымдастық жоқ.",
		Russian: "На этом сайте нет такого сообщества.",
		English: "This site has no such community.",
	},
	"poll.guests_community": {
		Kazakh:  "Қауымдастық сауалнамасына тек оның мүшелері дауыс береді: қонақтарға рұқсат етуге болмайды.",
		Russian: "В опросе сообщества голосуют только его участники: гостей разрешить нельзя.",
		English: "Only a community's members vote in its polls: guests cannot be allowed.",
	},
	"poll.no_signature": {
		Kazakh:  "Сауалнамаға (опросқа) ЭЦҚ қажет емес: ЭЦҚ керек болса, дауыс беру немесе сауалнама түрін таңдаңыз.",
		Russian: "Простой опрос не подписывается ЭЦП: если нужна подпись, выберите вид survey или vote.",
		English: "A poll is not signed: if you need an EDS signature, choose the kind survey or vote.",
	},
	"poll.guests_audience": {
		Kazakh:  "Тіркелгісіз қонақтар тек «any» аудиториясы бар сауалнамаға дауыс бере алады.",
		Russian: "Гости без учётной записи могут отвечать только в опросе с аудиторией any.",
		English: "Visitors without an account can vote only in a poll whose audience is any.",
	},
}

// pollPageUI are the strings of the poll pages and of a poll embedded in a page.
var pollPageUI = Strings{
	Kazakh: {
		"polls": "Сауалнамалар", "poll": "Сауалнама", "none": "Әзірге сауалнама жоқ.", "vote": "Дауыс беру",
		"results": "Нәтижелер", "votes": "дауыс", "voted": "Дауысыңыз есепке алынды. Рақмет!",
		"results_later": "Нәтижелер кейін көрсетіледі.", "closed": "Сауалнама жабылды.", "not_open": "Сауалнама қазір жауап қабылдамайды.",
		"opens": "Басталуы", "closes": "Аяқталуы", "login_needed": "Дауыс беру үшін сайтқа кіріңіз.", "login": "Кіру",
		"guest_note": "Тіркелгісіз дауыс бір браузерден бір рет қабылданады.", "open_poll": "Сауалнамаға өту", "language": "Тіл",
	},
	Russian: {
		"polls": "Опросы", "poll": "Опрос", "none": "Опросов пока нет.", "vote": "Ответить",
		"results": "Результаты", "votes": "голосов", "voted": "Ваш ответ учтён. Спасибо!",
		"results_later": "Результаты будут показаны позже.", "closed": "Опрос завершён.", "not_open": "Опрос сейчас не принимает ответы.",
		"opens": "Начало", "closes": "Окончание", "login_needed": "Чтобы ответить, войдите на сайт.", "login": "Войти",
		"guest_note": "Без учётной записи ответ принимается один раз с одного браузера.", "open_poll": "Открыть опрос", "language": "Язык",
	},
	English: {
		"polls": "Polls", "poll": "Poll", "none": "No polls yet.", "vote": "Vote",
		"results": "Results", "votes": "votes", "voted": "Your vote was counted. Thank you!",
		"results_later": "Results will be shown later.", "closed": "The poll is closed.", "not_open": "The poll is not accepting votes now.",
		"opens": "Opens", "closes": "Closes", "login_needed": "Log in to the site to vote.", "login": "Log in",
		"guest_note": "Without an account, one vote is accepted per browser.", "open_poll": "Open the poll", "language": "Language",
	},
}

// pollPanelUI are the strings of the panel's section "polls".
var pollPanelUI = Strings{
	Kazakh: {
		"poll.title": "Сауалнамалар", "poll.new": "Жаңа сауалнама", "poll.f.title": "Тақырыбы", "poll.f.question": "Сұрақ",
		"poll.f.options": "Жауап нұсқалары (әр жолға біреу)", "poll.f.results": "Нәтижелерді кім көреді",
		"poll.r.always": "Барлығы, әрқашан", "poll.r.after_vote": "Дауыс бергендер (жабылғаннан кейін барлығы)",
		"poll.r.after_close": "Жабылғаннан кейін барлығы", "poll.r.admins": "Тек әкімшілер",
		"poll.f.guests": "Тіркелгісіз қонақтар дауыс бере алады (бір браузерден бір рет)", "poll.f.page": "Бет кілті (міндетті емес)",
		"poll.f.opens": "Басталуы (Алматы уақыты)", "poll.f.closes": "Аяқталуы (Алматы уақыты)", "poll.create": "Жасау",
		"poll.open": "Ашу", "poll.close": "Жабу", "poll.ballots": "Дауыстар", "poll.excel": "Excel", "poll.empty": "Сауалнама жоқ.",
		"poll.status.draft": "жоба", "poll.status.scheduled": "жоспарланған", "poll.status.open": "ашық", "poll.status.closed": "жабық", "poll.status.cancelled": "тоқтатылған",
	},
	Russian: {
		"poll.title": "Опросы", "poll.new": "Новый опрос", "poll.f.title": "Заголовок", "poll.f.question": "Вопрос",
		"poll.f.options": "Варианты ответа (по одному в строке)", "poll.f.results": "Кто видит результаты",
		"poll.r.always": "Все, всегда", "poll.r.after_vote": "Проголосовавшие (после закрытия — все)",
		"poll.r.after_close": "Все после закрытия", "poll.r.admins": "Только администраторы",
		"poll.f.guests": "Гости без учётной записи могут отвечать (один раз с браузера)", "poll.f.page": "Ключ страницы (необязательно)",
		"poll.f.opens": "Начало (время Алматы)", "poll.f.closes": "Окончание (время Алматы)", "poll.create": "Создать",
		"poll.open": "Открыть", "poll.close": "Закрыть", "poll.ballots": "Голосов", "poll.excel": "Excel", "poll.empty": "Опросов нет.",
		"poll.status.draft": "черновик", "poll.status.scheduled": "запланирован", "poll.status.open": "открыт", "poll.status.closed": "закрыт", "poll.status.cancelled": "отменён",
	},
	English: {
		"poll.title": "Polls", "poll.new": "New poll", "poll.f.title": "Title", "poll.f.question": "Question",
		"poll.f.options": "Answers (one per line)", "poll.f.results": "Who sees the results",
		"poll.r.always": "Everyone, always", "poll.r.after_vote": "Who voted (everyone once closed)",
		"poll.r.after_close": "Everyone once closed", "poll.r.admins": "Admins only",
		"poll.f.guests": "Visitors without an account may vote (once per browser)", "poll.f.page": "Page key (optional)",
		"poll.f.opens": "Opens (Almaty time)", "poll.f.closes": "Closes (Almaty time)", "poll.create": "Create",
		"poll.open": "Open", "poll.close": "Close", "poll.ballots": "Votes", "poll.excel": "Excel", "poll.empty": "No polls.",
		"poll.status.draft": "draft", "poll.status.scheduled": "scheduled", "poll.status.open": "open", "poll.status.closed": "closed", "poll.status.cancelled": "cancelled",
	},
}
