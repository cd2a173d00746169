package locale

// Communities and forums (issue #15): errors, the pages' strings and the emails (mentions
// and the daily digest).

// ForumMail returns a forum email (kind: mention, digest) in l; ok is false for kinds
// without an email.
func ForumMail(kind string, l Lang) (m Mail, ok bool) {
	m, ok = forumText[kind][l.Text()]
	return m, ok
}

// ForumPage returns the communities' pages' interface strings in l; the map is shared and
// read-only.
func ForumPage(l Lang) map[string]string { return forumPageUI.of(l) }

var forumText = map[string]map[Lang]Mail{
	"mention": {
		Kazakh:  {"{community}: {name} сізді атап өтті «{topic}»", "{name} «{topic}» тақырыбында сізді атап өтті:\n\n{body}\n\nОқу және жауап беру: {link}"},
		Russian: {"{community}: {name} упомянул(а) вас в «{topic}»", "{name} упомянул(а) вас в теме «{topic}»:\n\n{body}\n\nПрочитать и ответить: {link}"},
		English: {"{community}: {name} mentioned you in “{topic}”", "{name} mentioned you in the topic “{topic}”:\n\n{body}\n\nRead and reply: {link}"},
	},
	"request_approve": {
		Kazakh:  {"«{community}» қауымдастығына өтініміңіз мақұлданды", "Модераторлар «{community}» қауымдастығына қосылу өтініміңізді мақұлдады. Енді сіз оқи және жаза аласыз:\n\n{link}"},
		Russian: {"Ваша заявка в сообщество «{community}» одобрена", "Модераторы одобрили вашу заявку на вступление в сообщество «{community}». Теперь вы можете читать и писать:\n\n{link}"},
		English: {"Your request to join “{community}” was approved", "The moderators approved your request to join the community “{community}”. You can now read and write:\n\n{link}"},
	},
	"request_reject": {
		Kazakh:  {"«{community}» қауымдастығына өтініміңіз қабылданбады", "Модераторлар «{community}» қауымдастығына қосылу өтініміңізді қабылдамады.\n\n{link}"},
		Russian: {"Ваша заявка в сообщество «{community}» отклонена", "Модераторы отклонили вашу заявку на вступление в сообщество «{community}».\n\n{link}"},
		English: {"Your request to join “{community}” was declined", "The moderators declined your request to join the community “{community}”.\n\n{link}"},
	},
	"digest": {
		Kazakh:  {"Қауымдастықтардағы жаңа хабарламалар: {count}", "Сіз жазылған тақырыптар мен форумдардағы жаңа хабарламалар:\n\n{body}\n\nЖазылымнан бас тарту үшін тақырып бетіндегі батырманы қайта басыңыз."},
		Russian: {"Новые сообщения в сообществах: {count}", "Новые сообщения в темах и форумах, на которые вы подписаны:\n\n{body}\n\nОтписаться можно на странице темы."},
		English: {"New posts in your communities: {count}", "New posts in the topics and forums you follow:\n\n{body}\n\nYou can unsubscribe on the topic's page."},
	},
}

var forumMessages = Catalog{
	"forum.no_images": {
		Kazakh:  "Бұл қауымдастықтың хабарламаларына сурет қосуға болмайды.",
		Russian: "В сообщения этого сообщества нельзя добавлять изображения.",
		English: "Posts of this community take no images.",
	},
	"forum.image": {
		Kazakh:  "Суреттер тек мектептің медиатекасынан болуы керек.",
		Russian: "Изображения должны быть из медиатеки школы.",
		English: "Images must come from the school's media library.",
	},
	"forum.decision": {
		Kazakh:  "Шешім: approve немесе reject.",
		Russian: "Решение: approve или reject.",
		English: "The decision must be approve or reject.",
	},
	"not_found.request": {
		Kazakh:  "Қосылу өтінімі табылмады.",
		Russian: "Заявка на вступление не найдена.",
		English: "Request to join not found.",
	},
	"not_found.community": {
		Kazakh:  "Қауымдастық табылмады.",
		Russian: "Сообщество не найдено.",
		English: "Community not found.",
	},
	"not_found.forum": {
		Kazakh:  "Форум табылмады.",
		Russian: "Форум не найден.",
		English: "Forum not found.",
	},
	"not_found.topic": {
		Kazakh:  "Тақырып табылмады.",
		Russian: "Тема не найдена.",
		English: "Topic not found.",
	},
	"not_found.post": {
		Kazakh:  "Хабарлама табылмады.",
		Russian: "Сообщение не найдено.",
		English: "Post not found.",
	},
	"forum.visibility": {
		Kazakh:  "Көрінуі: public немесе private.",
		Russian: "Видимость: public или private.",
		English: "Visibility must be public or private.",
	},
	"forum.join_policy": {
		Kazakh:  "Қосылу тәртібі: open немесе approval.",
		Russian: "Порядок вступления: open или approval.",
		English: "The join policy must be open or approval.",
	},
	"forum.kind": {
		Kazakh:  "Түрі: group, немесе мектептің media тобы.",
		Russian: "Тип: group или media (медиагруппа школы).",
		English: "The kind must be group, or media for a school's media group.",
	},
	"forum.no_user": {
		Kazakh:  "Мұндай пайдаланушы жоқ.",
		Russian: "Такого пользователя нет.",
		English: "There is no such user.",
	},
	"forum.role": {
		Kazakh:  "Рөлі: member немесе moderator.",
		Russian: "Роль: member или moderator.",
		English: "The role must be member or moderator.",
	},
	"forum.links": {
		Kazakh:  "Хабарламада сілтемелер тым көп (ең көбі {max}).",
		Russian: "Слишком много ссылок в сообщении (не больше {max}).",
		English: "Too many links in the post (at most {max}).",
	},
	"forum.locked": {
		Kazakh:  "Тақырып жабық: жаңа хабарлама жазуға болмайды.",
		Russian: "Тема закрыта: новые сообщения не принимаются.",
		English: "The topic is locked: it takes no new posts.",
	},
	"forum.quote": {
		Kazakh:  "Дәйексөз осы тақырыптың көрінетін хабарламасынан болуы керек.",
		Russian: "Цитировать можно только видимое сообщение этой темы.",
		English: "Only a visible post of this topic can be quoted.",
	},
	"forum.page": {
		Kazakh:  "Мұндай бет жоқ (барлығы {max}).",
		Russian: "Такой страницы нет (всего {max}).",
		English: "There is no such page (there are {max}).",
	},
	"forum.reaction": {
		Kazakh:  "Реакция: like, thanks немесе agree.",
		Russian: "Реакция: like, thanks или agree.",
		English: "The reaction must be like, thanks or agree.",
	},
	"forum.no_forum": {
		Kazakh:  "Бұл қауымдастықта мұндай форум жоқ.",
		Russian: "В этом сообществе нет такого форума.",
		English: "This community has no such forum.",
	},
	"forum.action": {
		Kazakh:  "Белгісіз әрекет.",
		Russian: "Неизвестное действие.",
		English: "Unknown action.",
	},
	"forum.not_media": {
		Kazakh:  "Жаңалыққа тек мектептің медиатобының хабарламасын шығаруға болады.",
		Russian: "В новости можно выдвинуть только сообщение медиагруппы школы.",
		English: "Only a post of a school's media group can be promoted to the news.",
	},
	"forum.promoted": {
		Kazakh:  "Бұл хабарлама жаңалыққа шығарылып қойған.",
		Russian: "Это сообщение уже выдвинуто в новости.",
		English: "This post has already been promoted to the news.",
	},
}

var forumPageUI = Strings{
	Kazakh: {
		"language": "Тіл", "breadcrumbs": "Бөлімдер", "communities": "Қауымдастықтар", "search_posts": "Хабарламалардан іздеу",
		"search": "Іздеу", "results": "Табылғандар", "nothing_found": "Ештеңе табылмады.", "of_school": "Мектеп қауымдастығы",
		"platform_wide": "Бүкіл платформа", "private": "Жабық", "public": "Ашық", "member": "Сіз мүшесіз", "pending": "Өтінім қаралуда",
		"no_communities": "Қауымдастықтар әзірге жоқ.", "by_approval": "Модератордың мақұлдауымен", "open": "Еркін қосылу",
		"media_group": "Медиатоп", "login_to_join": "Қосылу үшін кіріңіз", "leave": "Шығу", "ask_to_join": "Қосылуға өтінім",
		"join": "Қосылу", "forums": "Форумдар", "no_forums": "Форумдар әзірге жоқ.", "moderation": "Модерация",
		"requests": "Қосылу өтінімдері", "approve": "Мақұлдау", "reject": "Қабылдамау", "no_requests": "Өтінім жоқ.", "done_rejected": "Өтінім қабылданбады.", "pending_note": "Модераторлар өтініміңізді мақұлдағанша сіз тек оқи аласыз.", "new_forum": "Жаңа форум", "name": "Атауы",
		"description": "Сипаттамасы", "create": "Құру", "subscribe_forum": "Форумға жазылу (күнделікті хат)", "pinned": "Бекітілген",
		"locked": "Жабық тақырып", "posts": "хабарлама", "no_topics": "Тақырыптар әзірге жоқ.", "new_topic": "Жаңа тақырып",
		"title": "Тақырып", "message": "Хабарлама", "format_hint": "Бос жолмен абзацтарға бөліңіз; біреуді атап өту үшін: @Аты_Жөні.",
		"create_topic": "Тақырып ашу", "join_to_post": "Жазу үшін қауымдастыққа қосылыңыз.", "page": "Бет",
		"subscribe_topic": "Тақырыпқа жазылу (күнделікті хат)", "unpin": "Бекітуден алу", "pin": "Бекіту", "unlock": "Ашу",
		"lock": "Жабу", "move_to": "Форумға көшіру", "move": "Көшіру", "post": "Хабарлама", "held": "модератор тексеруін күтуде",
		"hidden": "жасырылған", "quote": "Дәйексөз", "report": "Шағымдану", "reason": "Себебі", "send_report": "Жіберу",
		"promote": "Мектеп жаңалықтарына ұсыну", "show": "Қайта көрсету", "hide": "Жасыру", "no_posts": "Хабарламалар жоқ.",
		"pages": "Беттер", "prev": "Алдыңғы", "next": "Келесі", "reply": "Жауап беру", "quoting": "Дәйексөз:", "send": "Жіберу", "image": "Сурет (мектеп медиатекасына, оның көлемі есебінен)", "upload_image": "Суретті жүктеу", "image_added": "Сурет жүктелді: оның коды хабарламаға қосылды.",
		"topic_locked": "Тақырып жабық.", "login_to_post": "Жазу үшін кіріңіз", "held_posts": "Тексеруді күтетін хабарламалар",
		"open_post": "Хабарламаны ашу", "queue_empty": "Бос.", "reports": "Шағымдар", "dismiss": "Шағымды жабу",
		"reaction_like": "Ұнайды", "reaction_thanks": "Рақмет", "reaction_agree": "Келісемін",
		"done_active": "Сіз қауымдастыққа қосылдыңыз.", "done_pending": "Өтінім модераторларға жіберілді.", "done_left": "Сіз қауымдастықтан шықтыңыз.",
		"done_approved": "Мақұлданды.", "done_forum_created": "Форум құрылды.", "done_subscribed": "Жазылым сақталды.",
		"done_held": "Хабарламаңыз модератор тексергеннен кейін көрінеді.", "done_reported": "Шағым модераторларға жіберілді.",
		"done_moderated": "Сақталды.", "done_promoted": "Жаңалықтың жобасы жасалды: оны басқару панелінде жариялаңыз.",
	},
	Russian: {
		"language": "Язык", "breadcrumbs": "Разделы", "communities": "Сообщества", "search_posts": "Поиск по сообщениям",
		"search": "Найти", "results": "Найдено", "nothing_found": "Ничего не найдено.", "of_school": "Сообщество школы",
		"platform_wide": "Вся платформа", "private": "Закрытое", "public": "Открытое", "member": "Вы участник", "pending": "Заявка на рассмотрении",
		"no_communities": "Сообществ пока нет.", "by_approval": "Вступление с одобрения модератора", "open": "Свободное вступление",
		"media_group": "Медиагруппа", "login_to_join": "Войдите, чтобы вступить", "leave": "Выйти", "ask_to_join": "Подать заявку",
		"join": "Вступить", "forums": "Форумы", "no_forums": "Форумов пока нет.", "moderation": "Модерация",
		"requests": "Заявки на вступление", "approve": "Одобрить", "reject": "Отклонить", "no_requests": "Заявок нет.", "done_rejected": "Заявка отклонена.", "pending_note": "Пока модераторы не одобрят заявку, вы можете только читать.", "new_forum": "Новый форум", "name": "Название",
		"description": "Описание", "create": "Создать", "subscribe_forum": "Подписаться на форум (письмо раз в день)", "pinned": "Закреплена",
		"locked": "Тема закрыта", "posts": "сообщ.", "no_topics": "Тем пока нет.", "new_topic": "Новая тема",
		"title": "Тема", "message": "Сообщение", "format_hint": "Абзацы разделяйте пустой строкой; упомянуть участника: @Имя_Фамилия.",
		"create_topic": "Создать тему", "join_to_post": "Чтобы писать, вступите в сообщество.", "page": "Страница",
		"subscribe_topic": "Подписаться на тему (письмо раз в день)", "unpin": "Открепить", "pin": "Закрепить", "unlock": "Открыть",
		"lock": "Закрыть", "move_to": "Перенести в форум", "move": "Перенести", "post": "Сообщение", "held": "ждёт проверки модератором",
		"hidden": "скрыто", "quote": "Цитировать", "report": "Пожаловаться", "reason": "Причина", "send_report": "Отправить",
		"promote": "Предложить в новости школы", "show": "Показать снова", "hide": "Скрыть", "no_posts": "Сообщений нет.",
		"pages": "Страницы", "prev": "Назад", "next": "Дальше", "reply": "Ответить", "quoting": "Цитата:", "send": "Отправить", "image": "Изображение (в медиатеку школы, в счёт её объёма)", "upload_image": "Загрузить изображение", "image_added": "Изображение загружено: его код добавлен в сообщение.",
		"topic_locked": "Тема закрыта.", "login_to_post": "Войдите, чтобы писать", "held_posts": "Сообщения на проверке",
		"open_post": "Открыть сообщение", "queue_empty": "Пусто.", "reports": "Жалобы", "dismiss": "Закрыть жалобу",
		"reaction_like": "Нравится", "reaction_thanks": "Спасибо", "reaction_agree": "Согласен",
		"done_active": "Вы вступили в сообщество.", "done_pending": "Заявка отправлена модераторам.", "done_left": "Вы вышли из сообщества.",
		"done_approved": "Одобрено.", "done_forum_created": "Форум создан.", "done_subscribed": "Подписка сохранена.",
		"done_held": "Ваше сообщение появится после проверки модератором.", "done_reported": "Жалоба отправлена модераторам.",
		"done_moderated": "Сохранено.", "done_promoted": "Создан черновик новости: опубликуйте его в панели управления.",
	},
	English: {
		"language": "Language", "breadcrumbs": "Sections", "communities": "Communities", "search_posts": "Search posts",
		"search": "Search", "results": "Results", "nothing_found": "Nothing found.", "of_school": "School community",
		"platform_wide": "Platform-wide", "private": "Private", "public": "Public", "member": "You are a member", "pending": "Request pending",
		"no_communities": "No communities yet.", "by_approval": "Joining needs a moderator's approval", "open": "Open to join",
		"media_group": "Media group", "login_to_join": "Log in to join", "leave": "Leave", "ask_to_join": "Ask to join",
		"join": "Join", "forums": "Forums", "no_forums": "No forums yet.", "moderation": "Moderation",
		"requests": "Requests to join", "approve": "Approve", "reject": "Reject", "no_requests": "No requests.", "done_rejected": "The request was rejected.", "pending_note": "Until the moderators approve your request you can only read.", "new_forum": "New forum", "name": "Name",
		"description": "Description", "create": "Create", "subscribe_forum": "Follow this forum (daily email)", "pinned": "Pinned",
		"locked": "Locked", "posts": "posts", "no_topics": "No topics yet.", "new_topic": "New topic",
		"title": "Title", "message": "Message", "format_hint": "Separate paragraphs with a blank line; mention a member with @First_Last.",
		"create_topic": "Start the topic", "join_to_post": "Join the community to post.", "page": "Page",
		"subscribe_topic": "Follow this topic (daily email)", "unpin": "Unpin", "pin": "Pin", "unlock": "Unlock",
		"lock": "Lock", "move_to": "Move to forum", "move": "Move", "post": "Post", "held": "waiting for a moderator",
		"hidden": "hidden", "quote": "Quote", "report": "Report", "reason": "Reason", "send_report": "Send",
		"promote": "Propose for the school's news", "show": "Show again", "hide": "Hide", "no_posts": "No posts.",
		"pages": "Pages", "prev": "Previous", "next": "Next", "reply": "Reply", "quoting": "Quoting:", "send": "Send", "image": "Image (into the school's media library, within its quota)", "upload_image": "Upload the image", "image_added": "The image was uploaded: its code was added to the message.",
		"topic_locked": "The topic is locked.", "login_to_post": "Log in to post", "held_posts": "Posts waiting for approval",
		"open_post": "Open the post", "queue_empty": "Nothing here.", "reports": "Reports", "dismiss": "Dismiss the report",
		"reaction_like": "Like", "reaction_thanks": "Thanks", "reaction_agree": "Agree",
		"done_active": "You joined the community.", "done_pending": "Your request went to the moderators.", "done_left": "You left the community.",
		"done_approved": "Approved.", "done_forum_created": "The forum was created.", "done_subscribed": "Subscription saved.",
		"done_held": "Your post will show once a moderator approves it.", "done_reported": "The report went to the moderators.",
		"done_moderated": "Saved.", "done_promoted": "A draft news item was made: publish it from the control panel.",
	},
}

// ForumPanel returns the control panel's communities page strings in l.
func ForumPanel(l Lang) map[string]string { return forumPanelUI.of(l) }

var forumPanelUI = Strings{
	Kazakh: {
		"cm.title": "Қауымдастықтар", "cm.members": "Мүшелер", "cm.name": "Атауы", "cm.role": "Рөлі", "cm.pending": "Өтінім",
		"cm.role.member": "Мүше", "cm.role.moderator": "Модератор", "cm.appoint": "Модератор ету", "cm.dismiss": "Модераторлықтан босату",
		"cm.empty": "Мектептің қауымдастықтары әлі жоқ.", "cm.new": "Жаңа қауымдастық", "cm.description": "Сипаттамасы",
		"cm.visibility": "Көрінуі", "cm.visibility.public": "Ашық (барлығы оқиды)", "cm.visibility.private": "Жабық (тек мүшелер)",
		"cm.join": "Қосылу", "cm.join.open": "Еркін", "cm.join.approval": "Модератор мақұлдауымен",
		"cm.kind": "Түрі", "cm.kind.group": "Топ", "cm.kind.media": "Медиатоп (жаңалықтарға ұсыну)", "cm.create": "Құру",
	},
	Russian: {
		"cm.title": "Сообщества", "cm.members": "Участники", "cm.name": "Название", "cm.role": "Роль", "cm.pending": "Заявка",
		"cm.role.member": "Участник", "cm.role.moderator": "Модератор", "cm.appoint": "Назначить модератором", "cm.dismiss": "Снять с модераторов",
		"cm.empty": "У школы пока нет сообществ.", "cm.new": "Новое сообщество", "cm.description": "Описание",
		"cm.visibility": "Видимость", "cm.visibility.public": "Открытое (читают все)", "cm.visibility.private": "Закрытое (только участники)",
		"cm.join": "Вступление", "cm.join.open": "Свободное", "cm.join.approval": "С одобрения модератора",
		"cm.kind": "Тип", "cm.kind.group": "Группа", "cm.kind.media": "Медиагруппа (предложения в новости)", "cm.create": "Создать",
	},
	English: {
		"cm.title": "Communities", "cm.members": "Members", "cm.name": "Name", "cm.role": "Role", "cm.pending": "Request",
		"cm.role.member": "Member", "cm.role.moderator": "Moderator", "cm.appoint": "Make moderator", "cm.dismiss": "Dismiss as moderator",
		"cm.empty": "The school has no communities yet.", "cm.new": "New community", "cm.description": "Description",
		"cm.visibility": "Visibility", "cm.visibility.public": "Public (anyone reads)", "cm.visibility.private": "Private (members only)",
		"cm.join": "Joining", "cm.join.open": "Open", "cm.join.approval": "By a moderator's approval",
		"cm.kind": "Kind", "cm.kind.group": "Group", "cm.kind.media": "Media group (proposals for the news)", "cm.create": "Create",
	},
}
