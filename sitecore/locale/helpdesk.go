package locale

// helpdeskMessages are the error messages of the helpdesk.
var helpdeskMessages = Catalog{
	"helpdesk.category": {
		Kazakh:  "«{value}» санаты жоқ. Таңдаңыз: account, content, admissions, tests, surveys, other.",
		Russian: "Категории «{value}» нет. Выберите: account, content, admissions, tests, surveys, other.",
		English: "There is no category “{value}”. Choose: account, content, admissions, tests, surveys, other.",
	},
	"helpdesk.priority": {
		Kazakh:  "«{value}» басымдығы жоқ. Таңдаңыз: low, normal, high, urgent.",
		Russian: "Приоритета «{value}» нет. Выберите: low, normal, high, urgent.",
		English: "There is no priority “{value}”. Choose: low, normal, high, urgent.",
	},
	"helpdesk.status": {
		Kazakh:  "«{value}» күйі жоқ. Таңдаңыз: new, open, waiting, solved, closed.",
		Russian: "Статуса «{value}» нет. Выберите: new, open, waiting, solved, closed.",
		English: "There is no status “{value}”. Choose: new, open, waiting, solved, closed.",
	},
	"helpdesk.sla": {
		Kazakh:  "«{value}» SLA сүзгісі жоқ. Таңдаңыз: breached, at_risk, paused, ok.",
		Russian: "Фильтра SLA «{value}» нет. Выберите: breached, at_risk, paused, ok.",
		English: "There is no SLA filter “{value}”. Choose: breached, at_risk, paused, ok.",
	},
	"helpdesk.site": {
		Kazakh:  "Өтініш қатысты мектеп сайты табылмады.",
		Russian: "Сайт школы, к которому относится обращение, не найден.",
		English: "The school site the ticket concerns was not found.",
	},
	"helpdesk.state": {
		Kazakh:  "Өтініш қазір «{value}» күйінде, бұл әрекетті орындауға болмайды.",
		Russian: "Обращение сейчас в статусе «{value}», это действие невозможно.",
		English: "The ticket is “{value}” now; this is not possible.",
	},
	"helpdesk.starting": {
		Kazakh:  "Өтініш әлі тіркеліп жатыр. Бірнеше секундтан кейін қайталаңыз.",
		Russian: "Обращение ещё регистрируется. Повторите через несколько секунд.",
		English: "The ticket is still being registered. Try again in a few seconds.",
	},
	"helpdesk.not_assignee": {
		Kazakh:  "Бұл өтінішке тек тағайындалған маман немесе команда жетекшісі жауап бере алады.",
		Russian: "Отвечать на это обращение может только назначенный специалист или руководитель команды.",
		English: "Only the assigned agent or a team lead may do this on the ticket.",
	},
	"helpdesk.agents_only": {
		Kazakh:  "Ішкі жазбаларды және «жауап күтілуде» белгісін тек қолдау қызметі қоя алады.",
		Russian: "Внутренние заметки и отметку «ждём ответа» может ставить только служба поддержки.",
		English: "Only the support team writes internal notes or waits for an answer.",
	},
	"helpdesk.not_agent": {
		Kazakh:  "Бұл пайдаланушы қолдау қызметінің маманы емес.",
		Russian: "Этот пользователь не является специалистом поддержки.",
		English: "This user is not a support agent.",
	},
	"helpdesk.merge_self": {
		Kazakh:  "Өтінішті өзімен біріктіруге болмайды.",
		Russian: "Нельзя объединить обращение с самим собой.",
		English: "A ticket cannot be merged into itself.",
	},
	"helpdesk.merge_target": {
		Kazakh:  "Біріктірілетін өтініш табылмады немесе ол жабық.",
		Russian: "Обращение, с которым нужно объединить, не найдено или закрыто.",
		English: "The ticket to merge into does not exist or is closed.",
	},
	"helpdesk.stars": {
		Kazakh:  "Бағаны 1-ден 5-ке дейінгі жұлдызбен қойыңыз.",
		Russian: "Поставьте оценку от 1 до 5 звёзд.",
		English: "Rate with 1 to 5 stars.",
	},
	"helpdesk.reason": {
		Kazakh:  "Төмен баға себебін тізімнен таңдаңыз: {value}.",
		Russian: "Выберите причину низкой оценки из списка: {value}.",
		English: "Choose the reason for a low rating from the list: {value}.",
	},
	"helpdesk.rated": {
		Kazakh:  "Бұл өтініш бағаланып қойған.",
		Russian: "Это обращение уже оценено.",
		English: "This ticket has already been rated.",
	},
	"helpdesk.token": {
		Kazakh:  "Бағалау сілтемесі жарамсыз, қолданылған немесе мерзімі өткен.",
		Russian: "Ссылка для оценки недействительна, уже использована или устарела.",
		English: "The rating link is invalid, already used or expired.",
	},
	"helpdesk.file_type": {
		Kazakh:  "Тек PDF, JPEG, PNG, GIF, WebP суреттерін немесе мәтіндік файлды тіркеуге болады.",
		Russian: "Можно прикрепить только PDF, изображения JPEG, PNG, GIF, WebP или текстовый файл.",
		English: "Only PDF, JPEG, PNG, GIF or WebP images, or a text file may be attached.",
	},
	"helpdesk.attachments_max": {
		Kazakh:  "Бір өтінішке ең көбі {max} файл тіркеуге болады.",
		Russian: "К одному обращению можно прикрепить не более {max} файлов.",
		English: "A ticket may have at most {max} attachments.",
	},
	"helpdesk.duration": {
		Kazakh:  "Мерзім 1 секундтан бір жылға дейін болуы керек.",
		Russian: "Срок должен быть от 1 секунды до одного года.",
		English: "The duration must be between 1 second and one year.",
	},
	"helpdesk.percent": {
		Kazakh:  "Пайыз рұқсат етілген шектен тыс (еске салу 1–99, екінші эскалация 101–1000).",
		Russian: "Процент вне допустимых пределов (напоминание 1–99, вторая эскалация 101–1000).",
		English: "The percentage is out of range (reminder 1–99, second escalation 101–1000).",
	},
	"helpdesk.calendar": {
		Kazakh:  "Күнтізбе business немесе 24x7 болуы керек.",
		Russian: "Календарь должен быть business или 24x7.",
		English: "The calendar must be business or 24x7.",
	},
	"helpdesk.time": {
		Kazakh:  "Уақытты СС:ММ түрінде жазыңыз; жұмыс күні басталғаннан кейін аяқталуы керек.",
		Russian: "Укажите время в формате ЧЧ:ММ; рабочий день должен заканчиваться после начала.",
		English: "Write the time as HH:MM; the working day must end after it starts.",
	},
	"helpdesk.offset": {
		Kazakh:  "Уақыт белдеуінің ығысуы −720-дан +840 минутқа дейін болуы керек.",
		Russian: "Смещение часового пояса должно быть от −720 до +840 минут.",
		English: "The zone offset must be between −720 and +840 minutes.",
	},
	"helpdesk.weekday": {
		Kazakh:  "Апта күндері — 0-ден (жексенбі) 6-ға (сенбі) дейінгі қайталанбайтын сандар.",
		Russian: "Дни недели — неповторяющиеся числа от 0 (воскресенье) до 6 (суббота).",
		English: "Weekdays are distinct numbers from 0 (Sunday) to 6 (Saturday).",
	},
	"helpdesk.date": {
		Kazakh:  "Күнді ЖЖЖЖ-АА-КК түрінде жазыңыз.",
		Russian: "Укажите дату в формате ГГГГ-ММ-ДД.",
		English: "Write the date as YYYY-MM-DD.",
	},
	"helpdesk.period": {
		Kazakh:  "Кезең соңы басынан кейін болуы керек, ал кезең үш жылдан аспауы тиіс.",
		Russian: "Конец периода должен быть позже начала, а сам период — не длиннее трёх лет.",
		English: "The period must end after it starts and be at most three years long.",
	},
	"not_found.ticket": {
		Kazakh:  "Өтініш табылмады.",
		Russian: "Обращение не найдено.",
		English: "Ticket not found.",
	},
	"not_found.rating": {
		Kazakh:  "Баға табылмады.",
		Russian: "Оценка не найдена.",
		English: "Rating not found.",
	},
	"not_found.attachment": {
		Kazakh:  "Тіркелген файл табылмады.",
		Russian: "Вложение не найдено.",
		English: "Attachment not found.",
	},
	"not_found.canned": {
		Kazakh:  "Дайын жауап табылмады.",
		Russian: "Шаблон ответа не найден.",
		English: "Canned response not found.",
	},
}

// helpdeskText is each helpdesk email per language: subject, then body. Placeholders:
// {number}, {subject}, {body}, {link}, {clock}, {due}.
var helpdeskText = map[string]map[Lang]Mail{
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
var clockNames = Catalog{
	"first_response": {Kazakh: "алғашқы жауап", Russian: "первый ответ", English: "first response"},
	"resolution":     {Kazakh: "шешім", Russian: "решение", English: "resolution"},
}

var helpdeskUI = Strings{
	Kazakh: {"title": "Қолдау қызметі", "language": "Тіл", "my_account": "Жеке кабинет", "my_tickets": "Менің өтініштерім", "none": "Өтініш әлі жоқ.",
		"new": "Жаңа өтініш", "category": "Санат", "subject": "Тақырып", "description": "Сипаттама", "file": "Файл (PDF, сурет, мәтін; 10 МБ дейін)",
		"send": "Жіберу", "status": "Күйі", "conversation": "Хат алмасу", "attachments": "Файлдар", "reply": "Жауап",
		"reopen": "Қайта ашу", "close": "Жабу", "back": "Барлық өтініштер", "rate": "Маманның жұмысын бағалаңыз",
		"reason": "Төмен баға себебі", "comment": "Пікір", "rated": "Рақмет! Бағаңыз сақталды.", "opened": "Өтініш тіркелді.",
		"rate_title": "Бағалау", "support": "Қолдау қызметі",
		"account": "Тіркелгі және құпиясөз", "content": "Сайт мазмұны", "admissions": "Мектепке қабылдау", "tests": "Тесттер мен олимпиадалар",
		"surveys": "Сауалнамалар және ЭЦҚ", "other": "Басқа",
		"new_status": "Тіркелуде", "open_status": "Қаралуда", "waiting_status": "Жауабыңыз күтілуде", "solved_status": "Шешілді", "closed_status": "Жабық",
		"slow": "Ұзақ күттім", "not_solved": "Мәселе шешілмеді", "unclear": "Жауап түсініксіз", "impolite": "Әдепсіз", "other_reason": "Басқа себеп"},
	Russian: {"title": "Служба поддержки", "language": "Язык", "my_account": "Личный кабинет", "my_tickets": "Мои обращения", "none": "Обращений пока нет.",
		"new": "Новое обращение", "category": "Категория", "subject": "Тема", "description": "Описание", "file": "Файл (PDF, изображение, текст; до 10 МБ)",
		"send": "Отправить", "status": "Статус", "conversation": "Переписка", "attachments": "Файлы", "reply": "Ответ",
		"reopen": "Открыть заново", "close": "Закрыть", "back": "Все обращения", "rate": "Оцените работу специалиста",
		"reason": "Причина низкой оценки", "comment": "Комментарий", "rated": "Спасибо! Оценка сохранена.", "opened": "Обращение зарегистрировано.",
		"rate_title": "Оценка", "support": "Служба поддержки",
		"account": "Учётная запись и пароль", "content": "Содержимое сайта", "admissions": "Приём в школу", "tests": "Тесты и олимпиады",
		"surveys": "Опросы и ЭЦП", "other": "Другое",
		"new_status": "Регистрируется", "open_status": "В работе", "waiting_status": "Ждём вашего ответа", "solved_status": "Решено", "closed_status": "Закрыто",
		"slow": "Долго ждал(а)", "not_solved": "Проблема не решена", "unclear": "Ответ непонятен", "impolite": "Невежливо", "other_reason": "Другая причина"},
	English: {"title": "Support", "language": "Language", "my_account": "My account", "my_tickets": "My tickets", "none": "No tickets yet.",
		"new": "New ticket", "category": "Category", "subject": "Subject", "description": "Description", "file": "File (PDF, image, text; up to 10 MB)",
		"send": "Send", "status": "Status", "conversation": "Conversation", "attachments": "Files", "reply": "Reply",
		"reopen": "Reopen", "close": "Close", "back": "All tickets", "rate": "Please rate the agent's work",
		"reason": "Reason for a low rating", "comment": "Comment", "rated": "Thank you! Your rating is saved.", "opened": "Your ticket is registered.",
		"rate_title": "Rating", "support": "Support",
		"account": "Account and password", "content": "Site content", "admissions": "Admissions", "tests": "Tests and olympiads",
		"surveys": "Surveys and EDS", "other": "Other",
		"new_status": "Registering", "open_status": "In progress", "waiting_status": "Waiting for your answer", "solved_status": "Solved", "closed_status": "Closed",
		"slow": "I waited too long", "not_solved": "Not solved", "unclear": "The answer was unclear", "impolite": "Impolite", "other_reason": "Another reason"},
}
