package locale

// AccountPages returns the strings of a person's own account pages on a school's site
// (profile, password, children, applications, tickets, signing out everywhere) in l, joined
// with the front door's (names of fields they share); the map is shared and read-only.
func AccountPages(l Lang) map[string]string { return accountPagesAll.of(l) }

var accountPagesAll = joinStrings([]Strings{frontDoorUI, accountPagesUI, emailChangeUI})

// accountPagesUI are the account pages' own strings.
var accountPagesUI = Strings{
	Kazakh: {
		"account": "Жеке кабинет", "account_nav": "Жеке кабинет бөлімдері", "logout": "Шығу",
		"nav_profile": "Профиль", "nav_children": "Балаларым", "nav_applications": "Өтініштерім", "nav_tickets": "Қолдау өтініштерім",
		"nav_signout_all": "Барлық құрылғыдан шығу",
		"profile_title":   "Профиль", "profile_details": "Жеке деректер", "email_verified": "расталған", "email_unverified": "расталмаған",
		"email_note": "Мекенжайды төмендегі «Электрондық поштаны ауыстыру» бөлімінде өзгертуге болады.",
		"lang":       "Хат тілі", "phone": "Телефон", "phone_hint": "Қазақстандық ұялы нөмір: +7 7xx xxx xx xx. Бос қалдыруға болады.",
		"privacy": "Құпиялылық", "visibility": "Профильді кім көреді",
		"vis_public": "Барлығы", "vis_members": "Тек мектептерімнің адамдары", "vis_hidden": "Ешкім (тек мен)",
		"privacy_note": "Балалардың деректері бөгде адамдарға ешқашан көрсетілмейді. Телефоныңызды тек өзіңіз көресіз.",
		"save":         "Сақтау", "saved": "Профиль сақталды.",
		"password_title": "Құпиясөзді өзгерту", "current_password": "Қазіргі құпиясөз", "new_password": "Жаңа құпиясөз",
		"change_password": "Құпиясөзді өзгерту", "password_changed": "Құпиясөз өзгертілді. Басқа құрылғылардағы сеанстар аяқталды.",
		"children_title": "Балаларым", "linked_children": "Байланысқан балалар", "no_children": "Әзірге байланысқан бала жоқ.",
		"children_intro": "Мектепте оқитын балаңызды тіркелгіңізге байланыстыру үшін оның ЖСН-ін енгізіңіз. Мектеп растағаннан кейін бала осы тізімде көрінеді.",
		"request_title":  "Байланыстыруды сұрау", "child_name": "Баланың аты-жөні", "child_iin": "Баланың ЖСН-і", "iin_hint": "12 цифр",
		"request_link": "Сұрау жіберу", "request_sent": "Сұрау жіберілді. Мектеп растағаннан кейін бала байланысады.",
		"requests": "Сұрауларым (осы мектеп)", "no_requests": "Сұрау жоқ.", "state": "Күйі", "requested_at": "Күні",
		"state_waiting": "Мектептің растауын күтуде", "state_confirmed": "Расталды", "state_rejected": "Мектеп бас тартты", "school_remark": "Мектептің ескертпесі",
		"applications_title": "Өтініштерім", "no_applications": "Бұл мектепке өтінішіңіз жоқ.", "number": "Нөмірі",
		"child": "Бала", "status": "Күйі", "grade": "Сынып", "submitted": "Берілген күні", "open": "Ашу", "history": "Тарихы",
		"apply": "Өтініш беру немесе ұсынысқа жауап беру", "back_applications": "Өтініштерге оралу",
		"tickets_title": "Қолдау қызметіне өтініштерім", "no_tickets": "Өтініш жоқ.", "subject": "Тақырыбы", "new_ticket": "Жаңа өтініш",
		"signout_title":   "Барлық құрылғыдан шығу",
		"signout_text":    "Бұл тіркелгінің барлық сеанстары (осы браузер де) аяқталады және барлық API токендері қайтарып алынады. Кейін қайта кіру керек болады.",
		"signout_confirm": "Иә, барлық құрылғыдан шығу", "cancel": "Бас тарту",
	},
	Russian: {
		"account": "Личный кабинет", "account_nav": "Разделы личного кабинета", "logout": "Выйти",
		"nav_profile": "Профиль", "nav_children": "Мои дети", "nav_applications": "Мои заявления", "nav_tickets": "Мои обращения",
		"nav_signout_all": "Выйти на всех устройствах",
		"profile_title":   "Профиль", "profile_details": "Личные данные", "email_verified": "подтверждена", "email_unverified": "не подтверждена",
		"email_note": "Адрес можно сменить ниже, в разделе «Смена электронной почты».",
		"lang":       "Язык писем", "phone": "Телефон", "phone_hint": "Мобильный номер Казахстана: +7 7xx xxx xx xx. Можно оставить пустым.",
		"privacy": "Приватность", "visibility": "Кто видит профиль",
		"vis_public": "Все", "vis_members": "Только люди моих школ", "vis_hidden": "Никто (только я)",
		"privacy_note": "Данные детей никогда не показываются посторонним. Телефон видите только вы.",
		"save":         "Сохранить", "saved": "Профиль сохранён.",
		"password_title": "Смена пароля", "current_password": "Текущий пароль", "new_password": "Новый пароль",
		"change_password": "Сменить пароль", "password_changed": "Пароль изменён. Сеансы на других устройствах завершены.",
		"children_title": "Мои дети", "linked_children": "Привязанные дети", "no_children": "Пока нет привязанных детей.",
		"children_intro": "Чтобы привязать ребёнка, который учится в школе, к своей учётной записи, укажите его ИИН. Ребёнок появится в списке после подтверждения школой.",
		"request_title":  "Запрос на привязку", "child_name": "ФИО ребёнка", "child_iin": "ИИН ребёнка", "iin_hint": "12 цифр",
		"request_link": "Отправить запрос", "request_sent": "Запрос отправлен. Ребёнок будет привязан после подтверждения школой.",
		"requests": "Мои запросы (эта школа)", "no_requests": "Запросов нет.", "state": "Состояние", "requested_at": "Дата",
		"state_waiting": "Ожидает подтверждения школы", "state_confirmed": "Подтверждён", "state_rejected": "Школа отклонила", "school_remark": "Комментарий школы",
		"applications_title": "Мои заявления", "no_applications": "В эту школу заявлений нет.", "number": "Номер",
		"child": "Ребёнок", "status": "Статус", "grade": "Класс", "submitted": "Подано", "open": "Открыть", "history": "История",
		"apply": "Подать заявление или ответить на предложение", "back_applications": "К моим заявлениям",
		"tickets_title": "Мои обращения в поддержку", "no_tickets": "Обращений нет.", "subject": "Тема", "new_ticket": "Новое обращение",
		"signout_title":   "Выйти на всех устройствах",
		"signout_text":    "Все сеансы этой учётной записи (и в этом браузере) завершатся, все API-токены будут отозваны. Потом нужно будет войти снова.",
		"signout_confirm": "Да, выйти на всех устройствах", "cancel": "Отмена",
	},
	English: {
		"account": "My account", "account_nav": "Account sections", "logout": "Log out",
		"nav_profile": "Profile", "nav_children": "My children", "nav_applications": "My applications", "nav_tickets": "My tickets",
		"nav_signout_all": "Sign out everywhere",
		"profile_title":   "Profile", "profile_details": "Personal details", "email_verified": "confirmed", "email_unverified": "not confirmed",
		"email_note": "You can change the address below, under “Change of email”.",
		"lang":       "Language of emails", "phone": "Phone", "phone_hint": "A Kazakhstan mobile number: +7 7xx xxx xx xx. May be left empty.",
		"privacy": "Privacy", "visibility": "Who sees your profile",
		"vis_public": "Everyone", "vis_members": "Only the people of my schools", "vis_hidden": "Nobody (only me)",
		"privacy_note": "Children's data is never shown to strangers. Only you see your phone number.",
		"save":         "Save", "saved": "Your profile is saved.",
		"password_title": "Change the password", "current_password": "Current password", "new_password": "New password",
		"change_password": "Change the password", "password_changed": "Your password is changed. Sessions on other devices have ended.",
		"children_title": "My children", "linked_children": "Linked children", "no_children": "No children are linked yet.",
		"children_intro": "To link a child who studies at the school to your account, give the child's IIN. The child appears in the list once the school confirms.",
		"request_title":  "Ask to link a child", "child_name": "Child's full name", "child_iin": "Child's IIN", "iin_hint": "12 digits",
		"request_link": "Send the request", "request_sent": "The request is sent. The child will be linked once the school confirms.",
		"requests": "My requests (this school)", "no_requests": "No requests.", "state": "State", "requested_at": "Date",
		"state_waiting": "Waiting for the school to confirm", "state_confirmed": "Confirmed", "state_rejected": "Declined by the school", "school_remark": "The school's remark",
		"applications_title": "My applications", "no_applications": "You have no applications to this school.", "number": "Number",
		"child": "Child", "status": "Status", "grade": "Grade", "submitted": "Submitted", "open": "Open", "history": "History",
		"apply": "Apply or answer an offer", "back_applications": "Back to my applications",
		"tickets_title": "My helpdesk tickets", "no_tickets": "No tickets.", "subject": "Subject", "new_ticket": "New ticket",
		"signout_title":   "Sign out everywhere",
		"signout_text":    "Every session of this account (this browser's too) ends and every API token is revoked. You will have to log in again.",
		"signout_confirm": "Yes, sign out everywhere", "cancel": "Cancel",
	},
}

// accountPageMessages are the errors of the account pages' forms.
var accountPageMessages = Catalog{
	"phone.kz": {
		Kazakh:  "«{value}» — қазақстандық ұялы нөмір емес. Былай жазыңыз: +7 7xx xxx xx xx.",
		Russian: "«{value}» — не мобильный номер Казахстана. Укажите в виде +7 7xx xxx xx xx.",
		English: "“{value}” is not a Kazakhstan mobile number. Write it as +7 7xx xxx xx xx.",
	},
	"child_link.too_many": {
		Kazakh:  "Бір мектепке {max} сұраудан артық жіберуге болмайды.",
		Russian: "В одну школу можно отправить не больше {max} запросов.",
		English: "At most {max} requests can be sent to one school.",
	},
}
