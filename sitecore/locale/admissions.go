package locale

// admissionMessages are the error messages of the admissions office.
var admissionMessages = Catalog{
	"admission.duplicate": {
		Kazakh:  "Бұл балаға осы науқанда өтініш бұрыннан берілген (№{number}).",
		Russian: "На этого ребёнка в этой кампании уже подано заявление (№{number}).",
		English: "An application for this child in this campaign already exists (No. {number}).",
	},
	"admission.state": {
		Kazakh:  "Өтініш қазір «{value}» күйінде, бұл әрекетті орындауға болмайды.",
		Russian: "Заявление сейчас в статусе «{value}», это действие невозможно.",
		English: "The application is “{value}” now; this is not possible.",
	},
	"admission.no_seats": {
		Kazakh:  "{value}-сыныпта бос орын жоқ.",
		Russian: "В {value} классе нет свободных мест.",
		English: "Grade {value} has no free seats.",
	},
	"admission.final": {
		Kazakh:  "Бұл өтініш бойынша үдеріс аяқталды; бұл әрекет енді мүмкін емес.",
		Russian: "Работа по этому заявлению завершена; это действие уже невозможно.",
		English: "This application's process has ended; this is no longer possible.",
	},
	"admission.starting": {
		Kazakh:  "Өтініш әлі тіркеліп жатыр. Бірнеше секундтан кейін қайталаңыз.",
		Russian: "Заявление ещё регистрируется. Повторите через несколько секунд.",
		English: "The application is still being registered. Try again in a few seconds.",
	},
	"admission.position": {
		Kazakh:  "Күту тізіміндегі орын оң сан болуы керек.",
		Russian: "Позиция в листе ожидания должна быть положительным числом.",
		English: "The waiting-list position must be a positive number.",
	},
	"admission.name_chars": {
		Kazakh:  "«{field}» өрісінде тек қазақ, орыс және ағылшын әріптері, бос орын, дефис және апостроф болуы мүмкін («{value}» болмайды).",
		Russian: "В поле «{field}» допустимы только буквы казахского, русского и английского алфавитов, пробелы, дефисы и апострофы («{value}» нельзя).",
		English: "The field “{field}” may hold only letters of the Kazakh, Russian and English alphabets, spaces, hyphens and apostrophes (not “{value}”).",
	},
	"admission.reason": {
		Kazakh:  "Бас тарту себебін тізімнен таңдаңыз: no_seats, documents, age, district, other, disputed.",
		Russian: "Выберите причину отказа из списка: no_seats, documents, age, district, other, disputed.",
		English: "Choose a decline reason from the list: no_seats, documents, age, district, other, disputed.",
	},
	"admission.decision": {
		Kazakh:  "«{value}» шешімі жоқ (admit, waitlist, decline).",
		Russian: "Решения «{value}» не существует (admit, waitlist, decline).",
		English: "There is no decision “{value}” (admit, waitlist, decline).",
	},
	"admission.closed": {
		Kazakh:  "Бұл қабылдау науқаны қазір өтініш қабылдамайды.",
		Russian: "Эта приёмная кампания сейчас не принимает заявления.",
		English: "This admission campaign is not accepting applications now.",
	},
	"admission.campaign_unknown": {
		Kazakh:  "Мұндай қабылдау науқаны жоқ.",
		Russian: "Такой приёмной кампании нет.",
		English: "There is no such admission campaign.",
	},
	"admission.birth_date_format": {
		Kazakh:  "Туған күнді ЖЖЖЖ-АА-КК түрінде жазыңыз.",
		Russian: "Укажите дату рождения в формате ГГГГ-ММ-ДД.",
		English: "Write the birth date as YYYY-MM-DD.",
	},
	"admission.birth_date_iin": {
		Kazakh:  "Туған күн ЖСН-мен сәйкес келмейді.",
		Russian: "Дата рождения не совпадает с ИИН.",
		English: "The birth date does not match the IIN.",
	},
	"admission.grade_not_offered": {
		Kazakh:  "Бұл науқанда {value}-сыныпқа қабылдау жоқ.",
		Russian: "В этой кампании нет приёма в {value} класс.",
		English: "This campaign does not admit to grade {value}.",
	},
	"admission.phone": {
		Kazakh:  "«{value}» телефон нөмірі жарамсыз (мысалы, +7 701 123 45 67).",
		Russian: "Номер телефона «{value}» некорректен (например, +7 701 123 45 67).",
		English: "The phone number “{value}” is not valid (e.g. +7 701 123 45 67).",
	},
	"admission.consent": {
		Kazakh:  "Дербес деректерді өңдеуге келісім қажет.",
		Russian: "Нужно согласие на обработку персональных данных.",
		English: "Consent to personal-data processing is required.",
	},
	"admission.grade_range": {
		Kazakh:  "Сынып 0-ден 12-ге дейін болуы керек.",
		Russian: "Класс должен быть от 0 до 12.",
		English: "The grade must be from 0 to 12.",
	},
	"admission.seats_range": {
		Kazakh:  "Орын саны 1-ден 10 000-ға дейін болуы керек.",
		Russian: "Число мест должно быть от 1 до 10 000.",
		English: "The number of seats must be from 1 to 10,000.",
	},
	"admission.grade_duplicate": {
		Kazakh:  "{value}-сынып екі рет көрсетілген.",
		Russian: "{value} класс указан дважды.",
		English: "Grade {value} is listed twice.",
	},
	"admission.closes_before_opens": {
		Kazakh:  "Жабылу уақыты ашылу уақытынан кейін болуы керек.",
		Russian: "Время закрытия должно быть позже времени открытия.",
		English: "The closing time must be after the opening time.",
	},
	"admission.results_before_close": {
		Kazakh:  "Нәтижелер науқан жабылғаннан кейін жариялануы керек.",
		Russian: "Результаты объявляются не раньше закрытия кампании.",
		English: "Results cannot be released before the campaign closes.",
	},
	"admission.days_range": {
		Kazakh:  "Күн саны рұқсат етілген шектен тыс.",
		Russian: "Число дней вне допустимого диапазона.",
		English: "The number of days is out of range.",
	},
	"admission.file_type": {
		Kazakh:  "Құжат PDF, JPEG немесе PNG болуы керек (файлдың мазмұны тексеріледі).",
		Russian: "Документ должен быть в формате PDF, JPEG или PNG (проверяется содержимое файла).",
		English: "The document must be a PDF, JPEG or PNG (the file's content is checked).",
	},
	"admission.document_kind": {
		Kazakh:  "Бұл науқанда «{value}» құжаты талап етілмейді.",
		Russian: "Документ «{value}» в этой кампании не требуется.",
		English: "The document “{value}” is not required in this campaign.",
	},
	"admission.export_not_ready": {
		Kazakh:  "Экспорт әлі дайын емес (күйі: {value}).",
		Russian: "Выгрузка ещё не готова (статус: {value}).",
		English: "The export is not ready yet (status: {value}).",
	},
	"admission.outcome": {
		Kazakh:  "Шешімді таңдаңыз: void (өтініш жарамсыз) немесе stands (өтініш күшінде).",
		Russian: "Выберите решение: void (аннулировать заявление) или stands (оставить в силе).",
		English: "Choose an outcome: void (void the application) or stands (it stays).",
	},
	"admission.not_disputed": {
		Kazakh:  "Бұл өтініш бойынша ашық дау жоқ.",
		Russian: "По этому заявлению нет открытого спора.",
		English: "This application has no open dispute.",
	},
	"not_found.export": {
		Kazakh:  "Экспорт табылмады.",
		Russian: "Выгрузка не найдена.",
		English: "Export not found.",
	},
	"not_found.document": {
		Kazakh:  "Құжат табылмады.",
		Russian: "Документ не найден.",
		English: "Document not found.",
	},
	"not_found.application": {
		Kazakh:  "Өтініш табылмады.",
		Russian: "Заявление не найдено.",
		English: "Application not found.",
	},
	"not_found.campaign": {
		Kazakh:  "Қабылдау науқаны табылмады.",
		Russian: "Приёмная кампания не найдена.",
		English: "Admission campaign not found.",
	},
}

// admissionText is the email of each admission event per language: subject, then body.
// Placeholders: {number}, {child}, {school}, {note}, {position}, {deadline}, {link}.
var admissionText = map[string]map[Lang]Mail{
	"documents_check": {
		Kazakh:  {"№{number} өтініш қабылданды", "{child} атынан берілген өтініш қабылданды. Мектеп құжаттарды тексереді."},
		Russian: {"Заявление №{number} принято", "Заявление на ребёнка {child} принято. Школа проверит документы."},
		English: {"Application {number} received", "The application for {child} has been received. The school will check the documents."},
	},
	"documents_fix": {
		Kazakh:  {"№{number} өтініш: құжатты түзету керек", "Мектеп құжатты қабылдамады: {note}. Түзетілген құжатты жүктеңіз."},
		Russian: {"Заявление №{number}: нужно исправить документы", "Школа не приняла документ: {note}. Загрузите исправленный документ."},
		English: {"Application {number}: please fix the documents", "The school did not accept a document: {note}. Please upload a corrected one."},
	},
	"documents_reminder": {
		Kazakh:  {"Еске салу: №{number} өтініштің құжаттары", "Құжаттар әлі түзетілмеген. Уақытында түзетілмесе, өтініш кері қайтарылады."},
		Russian: {"Напоминание: документы заявления №{number}", "Документы ещё не исправлены. Если не исправить их вовремя, заявление будет отозвано."},
		English: {"Reminder: documents of application {number}", "The documents have not been fixed yet. If they are not fixed in time, the application will be withdrawn."},
	},
	"under_review": {
		Kazakh:  {"№{number} өтініш қаралуда", "Құжаттар қабылданды. Шешім нәтижелер жарияланған күні белгілі болады."},
		Russian: {"Заявление №{number} на рассмотрении", "Документы приняты. Решение станет известно в день объявления результатов."},
		English: {"Application {number} under review", "The documents are accepted. The decision will be announced on the results day."},
	},
	"admitted": {
		Kazakh:  {"{school}: {child} қабылданды", "{child} мектепке қабылданды. Орынды {deadline} дейін растаңыз: {link}"},
		Russian: {"{school}: {child} принят(а)", "{child} принят(а) в школу. Подтвердите место до {deadline}: {link}"},
		English: {"{school}: {child} is admitted", "{child} is admitted. Please confirm the seat by {deadline}: {link}"},
	},
	"waitlisted": {
		Kazakh:  {"№{number} өтініш күту тізімінде", "{child} күту тізімінде, орны: {position}. Орын босаса, хабарлаймыз."},
		Russian: {"Заявление №{number} в листе ожидания", "{child} в листе ожидания, позиция {position}. Сообщим, если освободится место."},
		English: {"Application {number} is on the waiting list", "{child} is on the waiting list at position {position}. We will write if a seat frees up."},
	},
	"declined": {
		Kazakh:  {"№{number} өтініш бойынша шешім", "Өкінішке орай, өтініш қабылданбады. Себебі: {note}"},
		Russian: {"Решение по заявлению №{number}", "К сожалению, заявление отклонено. Причина: {note}"},
		English: {"Decision on application {number}", "Unfortunately the application was declined. Reason: {note}"},
	},
	"enrolled": {
		Kazakh:  {"{child} мектепке тіркелді", "{child} {school} оқушысы болды. Қош келдіңіздер!"},
		Russian: {"{child} зачислен(а)", "{child} зачислен(а) в {school}. Добро пожаловать!"},
		English: {"{child} is enrolled", "{child} is enrolled at {school}. Welcome!"},
	},
	"offer_expired": {
		Kazakh:  {"№{number}: орынды растау мерзімі өтті", "Орын уақытында расталмады және басқа үміткерге берілді."},
		Russian: {"Заявление №{number}: срок подтверждения истёк", "Место не было подтверждено вовремя и передано следующему кандидату."},
		English: {"Application {number}: the offer expired", "The seat was not confirmed in time and went to the next candidate."},
	},
	"offer_declined": {
		Kazakh:  {"№{number}: орыннан бас тарттыңыз", "Сіз ұсынылған орыннан бас тарттыңыз."},
		Russian: {"Заявление №{number}: вы отказались от места", "Вы отказались от предложенного места."},
		English: {"Application {number}: you declined the seat", "You declined the offered seat."},
	},
	// An IIN dispute's resolution (activities.SettleDispute): to the family of the disputed
	// application, then to the claimants, who are told nothing of that application.
	"voided": {
		Kazakh:  {"№{number} өтініш жарамсыз деп танылды", "Баланың ЖСН-ін басқа отбасы да көрсетті. Мектеп тексеріп, өтінішті жарамсыз деп таныды. {note}\nӨтініштеріңіз: {link}"},
		Russian: {"Заявление №{number} аннулировано", "ИИН ребёнка указала и другая семья. Школа проверила и аннулировала заявление. {note}\nВаши заявления: {link}"},
		English: {"Application {number} voided", "Another family gave the child's IIN too. The school checked and voided the application. {note}\nYour applications: {link}"},
	},
	"dispute_stands": {
		Kazakh:  {"№{number} өтініш күшінде", "{child} ЖСН-ін басқа отбасы да көрсетті. Мектеп тексерді: өтінішіңіз күшінде қалады.\nӨтініштеріңіз: {link}"},
		Russian: {"Заявление №{number} остаётся в силе", "ИИН ребёнка {child} указала и другая семья. Школа проверила: ваше заявление остаётся в силе.\nВаши заявления: {link}"},
		English: {"Application {number} stands", "Another family gave the IIN of {child} too. The school checked: your application stands.\nYour applications: {link}"},
	},
	"claim_void": {
		Kazakh:  {"{school}: баланың ЖСН-і босатылды", "Мектеп сіздің өтінішіңізді тексерді: бала үшін берілген басқа өтініш жарамсыз деп танылды. Енді өтініш бере аласыз: {link}"},
		Russian: {"{school}: ИИН ребёнка освобождён", "Школа проверила ваше обращение: другое заявление на ребёнка аннулировано. Теперь вы можете подать заявление: {link}"},
		English: {"{school}: the child's IIN is free", "The school checked your claim: the other application for the child has been voided. You can now apply: {link}"},
	},
	"claim_stands": {
		Kazakh:  {"{school}: баланың ЖСН-і бойынша шешім", "Мектеп сіздің өтінішіңізді тексерді: бала үшін берілген басқа өтініш күшінде қалады. Келіспесеңіз, мектепке хабарласыңыз. Өтініштеріңіз: {link}"},
		Russian: {"{school}: решение по ИИН ребёнка", "Школа проверила ваше обращение: другое заявление на ребёнка остаётся в силе. Если вы не согласны, обратитесь в школу. Ваши заявления: {link}"},
		English: {"{school}: decision on the child's IIN", "The school checked your claim: the other application for the child stays. If you disagree, please contact the school. Your applications: {link}"},
	},
	"withdrawn": {
		Kazakh:  {"№{number} өтініш кері қайтарылды", "Өтініш кері қайтарылды. {note}"},
		Russian: {"Заявление №{number} отозвано", "Заявление отозвано. {note}"},
		English: {"Application {number} withdrawn", "The application was withdrawn. {note}"},
	},
}

// statusNames name the admission statuses for families and staff alike (pages, emails,
// exports).
var statusNames = Catalog{
	"submitted":       {Kazakh: "Берілді", Russian: "Подано", English: "Submitted"},
	"documents_check": {Kazakh: "Құжаттар тексерілуде", Russian: "Проверка документов", English: "Documents being checked"},
	"documents_fix":   {Kazakh: "Құжаттарды түзету керек", Russian: "Нужно исправить документы", English: "Documents to be fixed"},
	"under_review":    {Kazakh: "Қаралуда", Russian: "На рассмотрении", English: "Under review"},
	"admitted":        {Kazakh: "Орын ұсынылды", Russian: "Принят(а), место предложено", English: "Admitted (seat offered)"},
	"waitlisted":      {Kazakh: "Күту тізімінде", Russian: "В листе ожидания", English: "Waitlisted"},
	"declined":        {Kazakh: "Бас тартылды", Russian: "Отказано", English: "Declined"},
	"enrolled":        {Kazakh: "Оқуға қабылданды", Russian: "Зачислен(а)", English: "Enrolled"},
	"offer_expired":   {Kazakh: "Ұсыныс мерзімі өтті", Russian: "Срок предложения истёк", English: "Offer expired"},
	"offer_declined":  {Kazakh: "Ұсыныстан бас тартты", Russian: "Место отклонено", English: "Offer declined"},
	"withdrawn":       {Kazakh: "Қайтарып алынды", Russian: "Отозвано", English: "Withdrawn"},
}

// familyUI are the strings of the family's admissions pages.
var familyUI = Strings{
	Kazakh: {"admissions": "Мектепке қабылдау", "login_title": "Кіру", "email": "Электрондық пошта", "password": "Құпиясөз",
		"login": "Кіру", "my_applications": "Менің өтініштерім", "none": "Өтініш әлі жоқ.", "child_name": "Баланың аты-жөні",
		"iin": "Баланың ЖСН-і", "birth_date": "Туған күні", "grade": "Сынып", "address": "Мекенжай", "instruction_lang": "Оқыту тілі",
		"phone": "Телефон", "document": "Құжат", "priority": "Басымдық санаты", "priority_none": "Жоқ", "priority_document": "Басымдықты растайтын құжат", "consent": "Дербес деректерді өңдеуге келісемін", "submit": "Өтініш беру",
		"status": "Күйі", "accept": "Орынды қабылдау", "decline": "Бас тарту", "until": "мерзімі:", "submitted": "Өтініш қабылданды", "language": "Тіл", "my_account": "Жеке кабинет", "forgot": "Құпиясөзді ұмыттыңыз ба?", "register": "Тіркелу"},
	Russian: {"admissions": "Приём в школу", "login_title": "Вход", "email": "Электронная почта", "password": "Пароль",
		"login": "Войти", "my_applications": "Мои заявления", "none": "Заявлений пока нет.", "child_name": "ФИО ребёнка",
		"iin": "ИИН ребёнка", "birth_date": "Дата рождения", "grade": "Класс", "address": "Адрес", "instruction_lang": "Язык обучения",
		"phone": "Телефон", "document": "Документ", "priority": "Категория приоритета", "priority_none": "Нет", "priority_document": "Документ, подтверждающий приоритет", "consent": "Согласен(на) на обработку персональных данных", "submit": "Подать заявление",
		"status": "Статус", "accept": "Принять место", "decline": "Отказаться", "until": "до", "submitted": "Заявление подано", "language": "Язык", "my_account": "Личный кабинет", "forgot": "Забыли пароль?", "register": "Регистрация"},
	English: {"admissions": "Admissions", "login_title": "Log in", "email": "Email", "password": "Password",
		"login": "Log in", "my_applications": "My applications", "none": "No applications yet.", "child_name": "Child's full name",
		"iin": "Child's IIN", "birth_date": "Date of birth", "grade": "Grade", "address": "Address", "instruction_lang": "Language of instruction",
		"phone": "Phone", "document": "Document", "priority": "Priority category", "priority_none": "None", "priority_document": "Document supporting the priority", "consent": "I consent to the processing of personal data", "submit": "Apply",
		"status": "Status", "accept": "Accept the seat", "decline": "Decline", "until": "until", "submitted": "Application submitted", "language": "Language", "my_account": "My account", "forgot": "Forgot your password?", "register": "Create an account"},
}
