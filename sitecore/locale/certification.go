package locale

// certificationMessages are the messages of training and certification of site admins, the
// template editor it unlocks, the certification emails and the public verification page;
// they join the catalog at start-up.
var certificationMessages = Catalog{
	"not_found.course": {
		Kazakh:  "Курс табылмады.",
		Russian: "Курс не найден.",
		English: "Course not found.",
	},
	"not_found.lesson": {
		Kazakh:  "Сабақ табылмады.",
		Russian: "Урок не найден.",
		English: "Lesson not found.",
	},
	"not_found.enrollment": {
		Kazakh:  "Сіз бұл курсқа жазылмағансыз.",
		Russian: "Вы не записаны на этот курс.",
		English: "You are not enrolled in this course.",
	},
	"not_found.certificate": {
		Kazakh:  "Сертификат табылмады.",
		Russian: "Сертификат не найден.",
		English: "Certificate not found.",
	},
	"cert.kind_unknown": {
		Kazakh:  "«{value}» деген сертификат түрі жоқ.",
		Russian: "Вида сертификата «{value}» нет.",
		English: "There is no certificate kind “{value}”.",
	},
	"cert.media_site": {
		Kazakh:  "«{field}»: курстың медиатекасы (сайт) көрсетілмеген.",
		Russian: "«{field}»: не указана медиатека курса (сайт).",
		English: "“{field}”: the course's media library (site) is not set.",
	},
	"cert.media_unknown": {
		Kazakh:  "«{field}»: курстың медиатекасында «{value}» файлы жоқ.",
		Russian: "«{field}»: в медиатеке курса нет файла «{value}».",
		English: "“{field}”: the course's media library has no file “{value}”.",
	},
	"cert.position": {
		Kazakh:  "«{field}» өрісі 0-ден {max}-ге дейінгі сан болуы керек.",
		Russian: "Поле «{field}» должно быть числом от 0 до {max}.",
		English: "The field “{field}” must be a number from 0 to {max}.",
	},
	"cert.too_many": {
		Kazakh:  "«{field}» тым көп (ең көбі {max}).",
		Russian: "Слишком много «{field}» (не более {max}).",
		English: "Too many “{field}” (at most {max}).",
	},
	"cert.video_url": {
		Kazakh:  "«{field}» YouTube немесе Vimeo бейнесінің мекенжайы болуы керек.",
		Russian: "«{field}» должно быть адресом видео YouTube или Vimeo.",
		English: "“{field}” must be the address of a YouTube or Vimeo video.",
	},
	"cert.passing_score": {
		Kazakh:  "«{field}» өту балы 1-ден 100 пайызға дейін болуы керек.",
		Russian: "Проходной балл «{field}» должен быть от 1 до 100 процентов.",
		English: "The passing score “{field}” must be from 1 to 100 percent.",
	},
	"cert.attempts": {
		Kazakh:  "«{field}» әрекет саны 1-ден {max}-ге дейін болуы керек.",
		Russian: "Число попыток «{field}» должно быть от 1 до {max}.",
		English: "The number of attempts “{field}” must be from 1 to {max}.",
	},
	"cert.wait_minutes": {
		Kazakh:  "«{field}» күту уақыты 0-ден {max} минутқа дейін болуы керек.",
		Russian: "Ожидание «{field}» должно быть от 0 до {max} минут.",
		English: "The waiting time “{field}” must be from 0 to {max} minutes.",
	},
	"cert.score": {
		Kazakh:  "«{field}»: балл 0 мен ең жоғары балдың арасында болуы керек.",
		Russian: "«{field}»: балл должен быть от 0 до максимального.",
		English: "“{field}”: the score must be between 0 and the maximum.",
	},
	"cert.no_attempts": {
		Kazakh:  "Емтихан әрекеттері таусылды (барлығы {max}).",
		Russian: "Попытки сдать экзамен исчерпаны (всего {max}).",
		English: "No exam attempts are left (of {max}).",
	},
	"cert.wait": {
		Kazakh:  "Келесі әрекетті {until} кейін бастауға болады (Астана уақыты).",
		Russian: "Следующую попытку можно начать после {until} (время Астаны).",
		English: "The next attempt can start after {until} (Astana time).",
	},
	"cert.trainers_only": {
		Kazakh:  "Мұны тек платформа операторлары мен тренерлер істей алады.",
		Russian: "Это могут делать только операторы платформы и тренеры.",
		English: "Only the platform's operators and trainers can do this.",
	},
	"cert.trainer_unknown": {
		Kazakh:  "{value} поштасы бар пайдаланушы жоқ.",
		Russian: "Пользователя с почтой {value} нет.",
		English: "There is no user with the email {value}.",
	},
	"cert.operators_only": {
		Kazakh:  "Сертификатты тек платформа операторы кері қайтара алады.",
		Russian: "Отозвать сертификат может только оператор платформы.",
		English: "Only a platform operator can revoke a certificate.",
	},
	"cert.admins_only": {
		Kazakh:  "Курстар мектеп сайттарының иелері мен әкімшілеріне арналған.",
		Russian: "Курсы предназначены для владельцев и администраторов школьных сайтов.",
		English: "The courses are for owners and admins of school sites.",
	},
	"cert.no_lessons": {
		Kazakh:  "Курста әлі сабақ жоқ.",
		Russian: "В курсе ещё нет уроков.",
		English: "The course has no lessons yet.",
	},
	"cert.unpublished": {
		Kazakh:  "Курс әлі жарияланбаған.",
		Russian: "Курс ещё не опубликован.",
		English: "The course is not published yet.",
	},
	"cert.enrolled": {
		Kazakh:  "Сіз бұл сертификатқа оқып жатырсыз немесе оны алғансыз.",
		Russian: "Вы уже проходите обучение на этот сертификат или получили его.",
		English: "You are already working towards this certificate or hold it.",
	},
	"cert.not_certified": {
		Kazakh:  "Бұл адамның осы түрдегі сертификаты жоқ.",
		Russian: "У этого человека нет сертификата этого вида.",
		English: "This person holds no certificate of this kind.",
	},
	"cert.already_revoked": {
		Kazakh:  "Сертификат бұрын кері қайтарылған.",
		Russian: "Сертификат уже отозван.",
		English: "The certificate is already revoked.",
	},
	"cert.phase": {
		Kazakh:  "Бұл қадам қазір мүмкін емес: оқу кезеңі — «{value}».",
		Russian: "Этот шаг сейчас невозможен: этап обучения — «{value}».",
		English: "This step is not possible now: the certification stage is “{value}”.",
	},
	"cert.lesson_unknown": {
		Kazakh:  "«{field}»: бұл сабақ сіздің курсыңызда жоқ.",
		Russian: "«{field}»: этого урока нет в вашем курсе.",
		English: "“{field}”: this lesson is not part of your course.",
	},
	"cert.attempt_open": {
		Kazakh:  "Басқа емтихан әрекеті әлі бағаланбаған.",
		Russian: "Другая попытка экзамена ещё не оценена.",
		English: "Another exam attempt has not been graded yet.",
	},
	"cert.attempt_unknown": {
		Kazakh:  "«{field}»: мұндай емтихан әрекеті басталмаған.",
		Russian: "«{field}»: такая попытка экзамена не начиналась.",
		English: "“{field}”: no such exam attempt was started.",
	},
	"cert.starting": {
		Kazakh:  "Оқу процесі іске қосылуда. Бір сәттен кейін қайталаңыз.",
		Russian: "Процесс обучения запускается. Повторите через мгновение.",
		English: "The certification process is starting. Please try again in a moment.",
	},
	"cert.templates_required": {
		Kazakh:  "Шаблондарды өңдеу үшін «Шаблондарды өңдеу» жарамды сертификаты қажет. Курсты осы жерден өтіңіз: {where}",
		Russian: "Для редактирования шаблонов нужен действующий сертификат «Редактирование шаблонов». Пройдите курс здесь: {where}",
		English: "Editing templates needs a valid “Template editing” certificate. Take the course here: {where}",
	},
	"cert.templates_expired": {
		Kazakh:  "«Шаблондарды өңдеу» сертификатыңыздың мерзімі {date} аяқталды. Оны жаңарту үшін қысқа емтиханды тапсырыңыз немесе семинарға қатысыңыз: {where}",
		Russian: "Срок вашего сертификата «Редактирование шаблонов» истёк {date}. Продлите его, сдав короткий экзамен или посетив семинар: {where}",
		English: "Your “Template editing” certificate expired on {date}. Renew it with the short refresher exam or a seminar: {where}",
	},
	"cert.templates_revoked": {
		Kazakh:  "«Шаблондарды өңдеу» сертификатыңыз кері қайтарылды. Қайта сертификаттау туралы: {where}",
		Russian: "Ваш сертификат «Редактирование шаблонов» отозван. О повторной сертификации: {where}",
		English: "Your “Template editing” certificate was revoked. To be certified again: {where}",
	},
	"cert.templates_admins": {
		Kazakh:  "Шаблондарды тек сертификаты бар сайт иелері мен әкімшілері өңдей алады.",
		Russian: "Шаблоны могут редактировать только владельцы и администраторы сайта с сертификатом.",
		English: "Only the site's certified owners and admins can edit templates.",
	},
	"theme.parse": {
		Kazakh:  "«{template}» шаблонында {line}-жолда қате: {detail}",
		Russian: "Ошибка в шаблоне «{template}», строка {line}: {detail}",
		English: "Error in the template “{template}” on line {line}: {detail}",
	},
	"theme.render": {
		Kazakh:  "«{template}» шаблоны сайттың басты бетін көрсете алмады ({line}-жол): {detail}",
		Russian: "Шаблон «{template}» не смог отобразить главную страницу сайта (строка {line}): {detail}",
		English: "The template “{template}” failed to render the site's home page (line {line}): {detail}",
	},
	"theme.not_allowed": {
		Kazakh:  "«{template}» шаблонында {line}-жолда рұқсат етілмеген нәрсе бар: {detail}. Тек құжатталған деректер мен функцияларды қолдануға болады.",
		Russian: "В шаблоне «{template}» в строке {line} есть недопустимое: {detail}. Можно использовать только документированные данные и функции.",
		English: "The template “{template}” uses something not allowed on line {line}: {detail}. Only the documented data and functions may be used.",
	},
	"theme.revision_kind": {
		Kazakh:  "Бұл нұсқаны жариялау мүмкін емес: ол «{value}» бөлігіне арналған.",
		Russian: "Эту версию нельзя опубликовать так: она относится к части «{value}».",
		English: "This revision cannot be published that way: it belongs to the part “{value}”.",
	},

	// Emails to the holder. Placeholders: {name}, {kind}, {number}, {date}, {link}, {reason}.
	"cert.mail.issued.subject": {
		Kazakh:  "Сертификат берілді: {kind}",
		Russian: "Выдан сертификат: {kind}",
		English: "Certificate issued: {kind}",
	},
	"cert.mail.issued.body": {
		Kazakh:  "Құрметті {name}!\n\nСізге «{kind}» сертификаты берілді, нөмірі {number}. Ол {date} дейін жарамды. Енді сіз әкімші болып табылатын барлық сайттарда шаблондарды өңдей аласыз.\n\nТексеру беті: {link}\n\nMektep платформасы",
		Russian: "Уважаемый(ая) {name}!\n\nВам выдан сертификат «{kind}», номер {number}. Он действует до {date}. Теперь вы можете редактировать шаблоны во всех сайтах, где вы администратор.\n\nСтраница проверки: {link}\n\nПлатформа Mektep",
		English: "Dear {name},\n\nYou have been issued the certificate “{kind}”, number {number}. It is valid until {date}. You can now edit templates in every site you administer.\n\nVerification page: {link}\n\nThe Mektep platform",
	},
	"cert.mail.reminder.subject": {
		Kazakh:  "«{kind}» сертификатының мерзімі {date} аяқталады",
		Russian: "Сертификат «{kind}» истекает {date}",
		English: "Your “{kind}” certificate expires on {date}",
	},
	"cert.mail.reminder.body": {
		Kazakh:  "Құрметті {name}!\n\n№{number} сертификатыңыздың мерзімі {date} аяқталады. Одан кейін шаблондарды өңдеу құқығы жабылады. Мерзімді ұзарту үшін қысқа емтиханды тапсырыңыз немесе жылдық семинарға қатысыңыз.\n\n{link}\n\nMektep платформасы",
		Russian: "Уважаемый(ая) {name}!\n\nСрок вашего сертификата №{number} истекает {date}. После этого редактирование шаблонов станет недоступно. Чтобы продлить его, сдайте короткий экзамен или посетите ежегодный семинар.\n\n{link}\n\nПлатформа Mektep",
		English: "Dear {name},\n\nYour certificate {number} expires on {date}. After that, template editing is locked. To renew it, pass the short refresher exam or attend the yearly seminar.\n\n{link}\n\nThe Mektep platform",
	},
	"cert.mail.expired.subject": {
		Kazakh:  "«{kind}» сертификатының мерзімі аяқталды",
		Russian: "Срок сертификата «{kind}» истёк",
		English: "Your “{kind}” certificate has expired",
	},
	"cert.mail.expired.body": {
		Kazakh:  "Құрметті {name}!\n\n№{number} сертификатыңыздың мерзімі {date} аяқталды, шаблондарды өңдеу құқығы жабылды. Қысқа емтихан немесе семинар оны қалпына келтіреді.\n\n{link}\n\nMektep платформасы",
		Russian: "Уважаемый(ая) {name}!\n\nСрок вашего сертификата №{number} истёк {date}, редактирование шаблонов закрыто. Короткий экзамен или семинар восстановят его.\n\n{link}\n\nПлатформа Mektep",
		English: "Dear {name},\n\nYour certificate {number} expired on {date}; template editing is locked. The short refresher exam or a seminar restores it.\n\n{link}\n\nThe Mektep platform",
	},
	"cert.mail.renewed.subject": {
		Kazakh:  "«{kind}» сертификаты ұзартылды",
		Russian: "Сертификат «{kind}» продлён",
		English: "Your “{kind}” certificate is renewed",
	},
	"cert.mail.renewed.body": {
		Kazakh:  "Құрметті {name}!\n\n№{number} сертификатыңыз {date} дейін ұзартылды.\n\n{link}\n\nMektep платформасы",
		Russian: "Уважаемый(ая) {name}!\n\nВаш сертификат №{number} продлён до {date}.\n\n{link}\n\nПлатформа Mektep",
		English: "Dear {name},\n\nYour certificate {number} is renewed until {date}.\n\n{link}\n\nThe Mektep platform",
	},
	"cert.mail.revoked.subject": {
		Kazakh:  "«{kind}» сертификаты кері қайтарылды",
		Russian: "Сертификат «{kind}» отозван",
		English: "Your “{kind}” certificate was revoked",
	},
	"cert.mail.revoked.body": {
		Kazakh:  "Құрметті {name}!\n\n№{number} сертификатыңызды платформа операторы кері қайтарды. Себебі: {reason}\nШаблондарды өңдеу құқығы жабылды.\n\n{link}\n\nMektep платформасы",
		Russian: "Уважаемый(ая) {name}!\n\nОператор платформы отозвал ваш сертификат №{number}. Причина: {reason}\nРедактирование шаблонов закрыто.\n\n{link}\n\nПлатформа Mektep",
		English: "Dear {name},\n\nA platform operator revoked your certificate {number}. Reason: {reason}\nTemplate editing is locked.\n\n{link}\n\nThe Mektep platform",
	},

	// The public verification page and the printable certificate.
	"cert.page.title": {
		Kazakh:  "Сертификатты тексеру",
		Russian: "Проверка сертификата",
		English: "Certificate verification",
	},
	"cert.page.holder": {Kazakh: "Иесі", Russian: "Владелец", English: "Holder"},
	"cert.page.kind":   {Kazakh: "Сертификат", Russian: "Сертификат", English: "Certificate"},
	"cert.page.number": {Kazakh: "Нөмірі", Russian: "Номер", English: "Number"},
	"cert.page.issued": {Kazakh: "Берілген күні", Russian: "Дата выдачи", English: "Issued"},
	"cert.page.expires": {
		Kazakh:  "Жарамдылық мерзімі",
		Russian: "Действителен до",
		English: "Valid until",
	},
	"cert.page.code": {Kazakh: "Тексеру коды", Russian: "Код проверки", English: "Verification code"},
	"cert.page.valid": {
		Kazakh:  "Сертификат жарамды.",
		Russian: "Сертификат действителен.",
		English: "The certificate is valid.",
	},
	"cert.page.expired": {
		Kazakh:  "Сертификаттың мерзімі өткен.",
		Russian: "Срок действия сертификата истёк.",
		English: "The certificate has expired.",
	},
	"cert.page.revoked": {
		Kazakh:  "Сертификат кері қайтарылған.",
		Russian: "Сертификат отозван.",
		English: "The certificate has been revoked.",
	},
	"cert.page.unknown": {
		Kazakh:  "Мұндай кодпен сертификат жоқ. Кодты тексеріңіз.",
		Russian: "Сертификата с таким кодом нет. Проверьте код.",
		English: "There is no certificate with this code. Please check the code.",
	},
	"cert.page.print": {Kazakh: "Басып шығару", Russian: "Печать", English: "Print"},
	"cert.page.certifies": {
		Kazakh:  "Осы сертификат төмендегі адамның Mektep платформасында оқудан өтіп, емтихан тапсырғанын растайды:",
		Russian: "Настоящий сертификат подтверждает, что обучение и экзамен на платформе Mektep прошёл(а):",
		English: "This certifies that the following person completed the training and passed the exam on the Mektep platform:",
	},
	"cert.page.verify_at": {
		Kazakh:  "Түпнұсқалығын тексеру:",
		Russian: "Проверить подлинность:",
		English: "Verify at:",
	},
	"cert.kind.templates": {
		Kazakh:  "Шаблондарды өңдеу",
		Russian: "Редактирование шаблонов",
		English: "Template editing",
	},
}
