package locale

// coreMessages are the error messages every part of the platform shares: requests, fields,
// languages, sites and domains, passwords, IINs.
var coreMessages = Catalog{
	"internal": {
		Kazakh:  "Ішкі қате орын алды. Кейінірек қайталап көріңіз.",
		Russian: "Произошла внутренняя ошибка. Повторите попытку позже.",
		English: "An internal error occurred. Please try again later.",
	},
	"unavailable": {
		Kazakh:  "Қызмет уақытша қолжетімсіз ({dependency}). Кейінірек қайталап көріңіз.",
		Russian: "Сервис временно недоступен ({dependency}). Повторите попытку позже.",
		English: "The service is temporarily unavailable ({dependency}). Please try again later.",
	},
	"unauthorized": {
		Kazakh:  "Кіру қажет: токен жоқ немесе жарамсыз.",
		Russian: "Требуется вход: токен отсутствует или недействителен.",
		English: "Authentication required: the token is missing or invalid.",
	},
	"forbidden": {
		Kazakh:  "Бұл әрекетке рұқсат жоқ.",
		Russian: "Недостаточно прав для этого действия.",
		English: "You are not allowed to do this.",
	},
	"not_found.route": {
		Kazakh:  "Мұндай адрес жоқ.",
		Russian: "Такого адреса нет.",
		English: "No such address.",
	},
	"not_found.site": {
		Kazakh:  "Сайт табылмады.",
		Russian: "Сайт не найден.",
		English: "Site not found.",
	},
	"not_found.page": {
		Kazakh:  "Бет табылмады.",
		Russian: "Страница не найдена.",
		English: "Page not found.",
	},
	"method_not_allowed": {
		Kazakh:  "Бұл адрес үшін мұндай әдіс қолданылмайды.",
		Russian: "Этот метод не поддерживается для данного адреса.",
		English: "This method is not allowed for this address.",
	},
	"body.invalid_json": {
		Kazakh:  "Сұрау денесі жарамды JSON емес: {detail}.",
		Russian: "Тело запроса не является корректным JSON: {detail}.",
		English: "The request body is not valid JSON: {detail}.",
	},
	"body.too_large": {
		Kazakh:  "Сұрау тым үлкен (ең көбі {limit}).",
		Russian: "Запрос слишком большой (не более {limit}).",
		English: "The request is too large (at most {limit}).",
	},
	"field.required": {
		Kazakh:  "«{field}» өрісін толтыру керек.",
		Russian: "Поле «{field}» обязательно.",
		English: "The field “{field}” is required.",
	},
	"field.unknown": {
		Kazakh:  "«{field}» деген өріс жоқ.",
		Russian: "Неизвестное поле «{field}».",
		English: "Unknown field “{field}”.",
	},
	"field.type": {
		Kazakh:  "«{field}» өрісінің түрі қате (күтілгені: {want}).",
		Russian: "Неверный тип поля «{field}» (ожидается {want}).",
		English: "The field “{field}” has the wrong type (expected {want}).",
	},
	"field.too_long": {
		Kazakh:  "«{field}» өрісі тым ұзын (ең көбі {max} таңба).",
		Russian: "Поле «{field}» слишком длинное (не более {max} символов).",
		English: "The field “{field}” is too long (at most {max} characters).",
	},
	"lang.unsupported": {
		Kazakh:  "«{value}» тілі қолдау көрсетілмейді.",
		Russian: "Язык «{value}» не поддерживается.",
		English: "The language “{value}” is not supported.",
	},
	"lang.duplicate": {
		Kazakh:  "«{value}» тілі екі рет көрсетілген.",
		Russian: "Язык «{value}» указан дважды.",
		English: "The language “{value}” is listed twice.",
	},
	"name.missing_lang": {
		Kazakh:  "Мектеп атауы «{value}» тілінде берілмеген.",
		Russian: "Не указано название школы на языке «{value}».",
		English: "The school's name is missing in “{value}”.",
	},
	"name.extra_lang": {
		Kazakh:  "Атау сайтта жоқ «{value}» тілінде берілген.",
		Russian: "Название указано на языке «{value}», которого нет среди языков сайта.",
		English: "A name is given in “{value}”, which is not one of the site's languages.",
	},
	"slug.invalid": {
		Kazakh:  "Қысқа атау 3–63 кіші латын әрпінен, цифрдан немесе сызықшадан тұруы керек және әріппен не цифрмен басталып, аяқталуы тиіс.",
		Russian: "Короткое имя должно состоять из 3–63 строчных латинских букв, цифр или дефисов и начинаться и заканчиваться буквой или цифрой.",
		English: "The slug must be 3–63 lowercase Latin letters, digits or hyphens, starting and ending with a letter or digit.",
	},
	"slug.reserved": {
		Kazakh:  "«{value}» қысқа атауы жүйеге арналған.",
		Russian: "Короткое имя «{value}» зарезервировано.",
		English: "The slug “{value}” is reserved.",
	},
	"slug.taken": {
		Kazakh:  "«{value}» қысқа атауы басқа сайтқа тиесілі.",
		Russian: "Короткое имя «{value}» уже занято другим сайтом.",
		English: "The slug “{value}” is already used by another site.",
	},
	"domain.invalid": {
		Kazakh:  "«{value}» жарамды домен атауы емес.",
		Russian: "«{value}» — некорректное доменное имя.",
		English: "“{value}” is not a valid domain name.",
	},
	"domain.duplicate": {
		Kazakh:  "«{value}» домені екі рет көрсетілген.",
		Russian: "Домен «{value}» указан дважды.",
		English: "The domain “{value}” is listed twice.",
	},
	"domain.taken": {
		Kazakh:  "«{value}» домені басқа сайтқа байланған.",
		Russian: "Домен «{value}» уже привязан к другому сайту.",
		English: "The domain “{value}” is already bound to another site.",
	},
	"email.invalid": {
		Kazakh:  "«{value}» жарамды электрондық пошта мекенжайы емес.",
		Russian: "«{value}» — некорректный адрес электронной почты.",
		English: "“{value}” is not a valid email address.",
	},
	"idempotency.key_invalid": {
		Kazakh:  "Idempotency-Key тақырыбы 1–255 басып шығарылатын ASCII таңбасынан тұруы керек.",
		Russian: "Заголовок Idempotency-Key должен содержать от 1 до 255 печатных символов ASCII.",
		English: "The Idempotency-Key header must be 1–255 printable ASCII characters.",
	},
	"idempotency.key_reused": {
		Kazakh:  "Бұл Idempotency-Key басқа сұрауда қолданылған.",
		Russian: "Этот Idempotency-Key уже использован с другим запросом.",
		English: "This Idempotency-Key was already used with a different request.",
	},
	"idempotency.in_progress": {
		Kazakh:  "Осы Idempotency-Key бар сұрау әлі орындалып жатыр.",
		Russian: "Запрос с этим Idempotency-Key ещё выполняется.",
		English: "A request with this Idempotency-Key is still being processed.",
	},
	"iin.format": {
		Kazakh:  "«{field}» өрісіне 12 цифрдан тұратын ЖСН енгізіңіз.",
		Russian: "В поле «{field}» нужно ввести ИИН из 12 цифр.",
		English: "The field “{field}” must be an IIN of 12 digits.",
	},
	"iin.checksum": {
		Kazakh:  "«{field}» өрісіндегі ЖСН қате терілген: бақылау цифры сәйкес келмейді.",
		Russian: "ИИН в поле «{field}» введён с ошибкой: не сходится контрольная цифра.",
		English: "The IIN in the field “{field}” has a typo: its check digit does not match.",
	},
	"iin.birth_date": {
		Kazakh:  "«{field}» өрісіндегі ЖСН-нің алғашқы 7 цифры жарамды туған күнді білдірмейді.",
		Russian: "Первые 7 цифр ИИН в поле «{field}» не образуют правильную дату рождения.",
		English: "The first 7 digits of the IIN in the field “{field}” do not form a valid birth date.",
	},
	"password.too_short": {
		Kazakh:  "«{field}» өрісіндегі құпиясөз кемінде {min} таңбадан тұруы керек.",
		Russian: "Пароль в поле «{field}» должен содержать не менее {min} символов.",
		English: "The password in the field “{field}” must be at least {min} characters long.",
	},
	"password.too_long": {
		Kazakh:  "«{field}» өрісіндегі құпиясөз ең көбі {max} таңбадан тұруы керек.",
		Russian: "Пароль в поле «{field}» должен содержать не более {max} символов.",
		English: "The password in the field “{field}” must be at most {max} characters long.",
	},
	"password.blank": {
		Kazakh:  "«{field}» өрісіндегі құпиясөз тек бос орындардан тұрмауы керек.",
		Russian: "Пароль в поле «{field}» не может состоять только из пробелов.",
		English: "The password in the field “{field}” cannot consist only of spaces.",
	},
	"password.common": {
		Kazakh:  "«{field}» өрісіндегі құпиясөз тым кең таралған, оны оңай табуға болады. Басқасын ойлап табыңыз.",
		Russian: "Пароль в поле «{field}» слишком распространён и легко угадывается. Придумайте другой.",
		English: "The password in the field “{field}” is too common and easy to guess. Choose another one.",
	},
	"password.contains_email": {
		Kazakh:  "«{field}» өрісіндегі құпиясөзде электрондық пошта мекенжайыңыздың бөлігі болмауы керек.",
		Russian: "Пароль в поле «{field}» не должен содержать часть вашего адреса электронной почты.",
		English: "The password in the field “{field}” must not contain part of your email address.",
	},
	"domain.challenge_missing": {
		Kazakh:  "Тексеру TXT жазбасы табылмады. Доменнің DNS баптауларында атауы {name}, мәні {value} болатын TXT жазбасын жасап, бірнеше минуттан кейін қайта тексеріңіз: DNS өзгерістері бірден таралмайды.",
		Russian: "Проверочная TXT-запись не найдена. Создайте в настройках DNS домена TXT-запись с именем {name} и значением {value} и повторите проверку через несколько минут: изменения DNS расходятся не сразу.",
		English: "The verification TXT record was not found. In the domain's DNS settings, create a TXT record named {name} with the value {value}, then try again in a few minutes: DNS changes take time to spread.",
	},
}
