package sitecore

// helpdeskMessages are the messages of the helpdesk; they join the catalog at start-up.
var helpdeskMessages = map[string]map[Lang]string{
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

func init() {
	for k, v := range helpdeskMessages {
		catalog[k] = v
	}
}
