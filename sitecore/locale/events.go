package locale

// Events with sign-up (issue #15, 3.2.15): errors, the emails to people signed up, and the
// strings of the public calendar and of the panel's section "events".

// Events returns the events pages' interface strings (public and panel) in l.
func Events(l Lang) map[string]string { return eventsUI.of(l) }

var eventMessages = Catalog{
	"events.past": {
		Kazakh: "Басталу уақыты өтіп кеткен.", Russian: "Время начала уже прошло.", English: "The start time has passed.",
	},
	"events.ends": {
		Kazakh:  "Аяқталу уақыты басталудан кейін және 14 күн ішінде болуы керек.",
		Russian: "Окончание должно быть после начала и не позже чем через 14 дней.",
		English: "The end must be after the start and within 14 days.",
	},
	"events.signup_closes": {
		Kazakh:  "Жазылу іс-шара басталғанға дейін жабылуы керек.",
		Russian: "Запись должна закрываться не позже начала.",
		English: "Sign-up must close no later than the start.",
	},
	"events.url": {
		Kazakh:  "Онлайн сілтеме https:// мекенжайы болуы керек.",
		Russian: "Онлайн-ссылка должна быть адресом https://.",
		English: "The online link must be an https:// address.",
	},
	"events.where": {
		Kazakh:  "Өтетін орынды немесе онлайн сілтемені көрсетіңіз.",
		Russian: "Укажите место или онлайн-ссылку.",
		English: "Give a place or an online link.",
	},
	"events.capacity": {
		Kazakh: "Орын саны 1-ден {max}-ға дейін.", Russian: "Мест от 1 до {max}.", English: "Seats: 1 to {max}.",
	},
	"events.capacity_taken": {
		Kazakh:  "Орын саны бос емес орындардан аз бола алмайды.",
		Russian: "Мест не может быть меньше, чем уже занято.",
		English: "Capacity cannot be below the seats already taken.",
	},
	"events.cancelled": {
		Kazakh: "Іс-шара тоқтатылды.", Russian: "Мероприятие отменено.", English: "The event is cancelled.",
	},
	"events.ended": {
		Kazakh: "Іс-шара аяқталды.", Russian: "Мероприятие завершилось.", English: "The event has ended.",
	},
	"events.signup_closed": {
		Kazakh: "Жазылу жабылды.", Russian: "Запись закрыта.", English: "Sign-up is closed.",
	},
	"events.starting": {
		Kazakh:  "Іс-шара әлі іске қосылуда, сәлден соң қайталаңыз.",
		Russian: "Мероприятие ещё запускается, повторите через мгновение.",
		English: "The event is still starting; try again in a moment.",
	},
	"events.not_your_child": {
		Kazakh:  "Тек өзіңізді немесе расталған балаңызды жаза аласыз.",
		Russian: "Записать можно только себя или подтверждённого ребёнка.",
		English: "You can sign up only yourself or a confirmed child.",
	},
	"not_found.event": {
		Kazakh: "Іс-шара табылмады.", Russian: "Мероприятие не найдено.", English: "Event not found.",
	},
	"not_found.signup": {
		Kazakh: "Жазылу табылмады.", Russian: "Запись не найдена.", English: "Sign-up not found.",
	},
	"events.mail.day.subject": {
		Kazakh: "Ертең: {title}", Russian: "Завтра: {title}", English: "Tomorrow: {title}",
	},
	"events.mail.day.body": {
		Kazakh:  "Сәлеметсіз бе, {name}!\n\n{attendee} ертең «{title}» іс-шарасына жазылған.\nУақыты: {when} (Астана уақыты)\nОрны: {where}\n\n{link}",
		Russian: "Здравствуйте, {name}!\n\n{attendee}: завтра мероприятие «{title}».\nКогда: {when} (время Астаны)\nГде: {where}\n\n{link}",
		English: "Hello {name},\n\n{attendee} is signed up for “{title}” tomorrow.\nWhen: {when} (Astana time)\nWhere: {where}\n\n{link}",
	},
	"events.mail.hour.subject": {
		Kazakh: "Бір сағаттан кейін: {title}", Russian: "Через час: {title}", English: "In an hour: {title}",
	},
	"events.mail.hour.body": {
		Kazakh:  "Сәлеметсіз бе, {name}!\n\n{attendee}: «{title}» бір сағаттан кейін басталады.\nУақыты: {when} (Астана уақыты)\nОрны: {where}\n\n{link}",
		Russian: "Здравствуйте, {name}!\n\n{attendee}: «{title}» начнётся через час.\nКогда: {when} (время Астаны)\nГде: {where}\n\n{link}",
		English: "Hello {name},\n\n{attendee}: “{title}” starts in an hour.\nWhen: {when} (Astana time)\nWhere: {where}\n\n{link}",
	},
	"events.mail.promoted.subject": {
		Kazakh: "Орын табылды: {title}", Russian: "Место освободилось: {title}", English: "A seat is yours: {title}",
	},
	"events.mail.promoted.body": {
		Kazakh:  "Сәлеметсіз бе, {name}!\n\n{attendee} күту тізімінен «{title}» іс-шарасына қабылданды.\nУақыты: {when} (Астана уақыты)\nОрны: {where}\n\n{link}",
		Russian: "Здравствуйте, {name}!\n\n{attendee}: место на мероприятии «{title}» подтверждено из листа ожидания.\nКогда: {when} (время Астаны)\nГде: {where}\n\n{link}",
		English: "Hello {name},\n\n{attendee} moved up from the waiting list and has a seat at “{title}”.\nWhen: {when} (Astana time)\nWhere: {where}\n\n{link}",
	},
	"events.mail.cancelled.subject": {
		Kazakh: "Іс-шара тоқтатылды: {title}", Russian: "Мероприятие отменено: {title}", English: "Event cancelled: {title}",
	},
	"events.mail.cancelled.body": {
		Kazakh:  "Сәлеметсіз бе, {name}!\n\n{when} өтетін «{title}» іс-шарасы тоқтатылды. {attendee} жазылуы жойылды.\n\n{link}",
		Russian: "Здравствуйте, {name}!\n\nМероприятие «{title}» ({when}) отменено. Запись ({attendee}) больше не действует.\n\n{link}",
		English: "Hello {name},\n\n“{title}” ({when}) has been cancelled. The sign-up of {attendee} no longer stands.\n\n{link}",
	},
}

// panelEvents are the panel shell's strings of the section (its navigation entry and notices).
var panelEvents = Strings{
	Kazakh:  {"nav.events": "Іс-шаралар", "done.event": "Сақталды.", "done.event_cancelled": "Іс-шара тоқтатылды, жазылғандарға хабарланды.", "done.attendance": "Қатысу белгіленді."},
	Russian: {"nav.events": "Мероприятия", "done.event": "Сохранено.", "done.event_cancelled": "Мероприятие отменено, записавшимся сообщено.", "done.attendance": "Посещаемость отмечена."},
	English: {"nav.events": "Events", "done.event": "Saved.", "done.event_cancelled": "The event is cancelled; everyone signed up is told.", "done.attendance": "Attendance marked."},
}

var eventsUI = Strings{
	Kazakh: {
		"title": "Іс-шаралар", "list": "Тізім", "month": "Ай", "prev": "Алдыңғы ай", "next": "Келесі ай",
		"when": "Уақыты", "where": "Орны", "online": "Онлайн", "seats": "Орындар", "free": "бос", "waiting": "күтуде",
		"closes": "Жазылу жабылады", "cancelled": "Тоқтатылды", "none": "Іс-шаралар жоқ.", "ical": "Күнтізбеге қосу (iCal)",
		"signup": "Жазылу", "who": "Кімді жазамыз", "self": "Өзім", "login": "Жазылу үшін кіріңіз", "cancel_signup": "Жазылудан бас тарту",
		"status.confirmed": "Орын расталды", "status.waiting": "Күту тізімінде, кезек", "status.cancelled": "Бас тартылды",
		"closed": "Жазылу жабылды.", "signed": "Жазылдыңыз.", "unsigned": "Жазылу жойылды.", "language": "Тіл",
		"new": "Жаңа іс-шара", "edit": "Өзгерту", "save": "Сақтау", "create": "Құру", "title_f": "Атауы", "description": "Сипаттамасы",
		"starts": "Басталуы", "ends": "Аяқталуы", "place": "Өтетін орны", "online_url": "Онлайн сілтеме", "capacity": "Орын саны",
		"signups": "Жазылғандар", "attendee": "Қатысушы", "signer": "Жазған", "status": "Күйі", "attended": "Қатысты",
		"mark": "Белгілеу", "export": "Excel-ге жүктеу", "cancel_event": "Іс-шараны тоқтату", "cancel_confirm": "Барлық жазылғандарға хат жіберіледі.",
		"lang.kk": "қазақша", "lang.ru": "орысша", "lang.en": "ағылшынша", "back": "Іс-шаралар тізіміне",
	},
	Russian: {
		"title": "Мероприятия", "list": "Список", "month": "Месяц", "prev": "Предыдущий месяц", "next": "Следующий месяц",
		"when": "Когда", "where": "Где", "online": "Онлайн", "seats": "Места", "free": "свободно", "waiting": "в ожидании",
		"closes": "Запись до", "cancelled": "Отменено", "none": "Мероприятий нет.", "ical": "Добавить в календарь (iCal)",
		"signup": "Записаться", "who": "Кого записать", "self": "Себя", "login": "Войдите, чтобы записаться", "cancel_signup": "Отменить запись",
		"status.confirmed": "Место подтверждено", "status.waiting": "В листе ожидания, место", "status.cancelled": "Запись отменена",
		"closed": "Запись закрыта.", "signed": "Вы записаны.", "unsigned": "Запись отменена.", "language": "Язык",
		"new": "Новое мероприятие", "edit": "Изменить", "save": "Сохранить", "create": "Создать", "title_f": "Название", "description": "Описание",
		"starts": "Начало", "ends": "Окончание", "place": "Место", "online_url": "Онлайн-ссылка", "capacity": "Мест",
		"signups": "Записавшиеся", "attendee": "Участник", "signer": "Записал(а)", "status": "Статус", "attended": "Присутствовал(а)",
		"mark": "Отметить", "export": "Выгрузить в Excel", "cancel_event": "Отменить мероприятие", "cancel_confirm": "Всем записавшимся уйдёт письмо.",
		"lang.kk": "на казахском", "lang.ru": "на русском", "lang.en": "на английском", "back": "К списку мероприятий",
	},
	English: {
		"title": "Events", "list": "List", "month": "Month", "prev": "Previous month", "next": "Next month",
		"when": "When", "where": "Where", "online": "Online", "seats": "Seats", "free": "free", "waiting": "waiting",
		"closes": "Sign-up until", "cancelled": "Cancelled", "none": "No events.", "ical": "Add to calendar (iCal)",
		"signup": "Sign up", "who": "Who is coming", "self": "Myself", "login": "Log in to sign up", "cancel_signup": "Cancel sign-up",
		"status.confirmed": "Seat confirmed", "status.waiting": "On the waiting list, place", "status.cancelled": "Cancelled",
		"closed": "Sign-up is closed.", "signed": "You are signed up.", "unsigned": "The sign-up is cancelled.", "language": "Language",
		"new": "New event", "edit": "Edit", "save": "Save", "create": "Create", "title_f": "Title", "description": "Description",
		"starts": "Starts", "ends": "Ends", "place": "Place", "online_url": "Online link", "capacity": "Seats",
		"signups": "Sign-ups", "attendee": "Attendee", "signer": "Signed up by", "status": "Status", "attended": "Attended",
		"mark": "Mark", "export": "Export to Excel", "cancel_event": "Cancel the event", "cancel_confirm": "Everyone signed up will be emailed.",
		"lang.kk": "in Kazakh", "lang.ru": "in Russian", "lang.en": "in English", "back": "Back to events",
	},
}
