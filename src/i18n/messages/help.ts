import { defineMessages } from '../catalogue';

/**
 * Help channels (issue 19): the buttons and fixed lines of an answer in a post (in the post's
 * language), "Ask a human", "Solved" and "Mark as solution" (in the presser's), and the /status line.
 * `{role}` is a role mention made by the caller.
 */
export const helpText = defineMessages(
  'help',
  {
    askHuman: 'Ask a human',
    solved: 'Solved',
    answerFooter:
      "-# I'm a bot answering from this server's history. Not it? Press **Ask a human**. Did it help? Press **Solved**.",
    unsure:
      "I couldn't find anything about this in the messages of this server, so I'll leave it to the humans here. Press **Ask a human** to call the helpers.",
    handOffPing: '{role}: a member would like a human to help with this.',
    handOffNoRole: 'A member would like a human to help with this.',
    handOffDone: 'Done: I asked the helpers for you and will stay out of this post.',
    handOffDoneNoRole:
      "Done: I'll stay out of this post. This server has no helper role to ping (a moderator can set one with `/settings helper-role`).",
    handOffAlready: 'Someone already asked the helpers to look at this post.',
    handOffRefused: "Only the post's author or a moderator (Manage Messages) can ask for a human here.",
    handOffCannotPost:
      "I couldn't post here to call the helpers (I need Send Messages in Threads). Please tell a moderator.",
    solvedRefused: "Only the post's author or a helper can mark it solved.",
    solvedDone: "Marked solved: I'll rank this answer first for similar questions.",
    markDone: "Marked as the solution: I'll rank this message first for similar questions.",
    markNotInPost: '"Mark as solution" works on messages in forum posts, threads and help-channel questions.',
    markBotMessage: 'Pick a message written by a member; for my own answer, press **Solved** under it.',
    markStarter: 'That is the question itself: pick the message that answered it.',
    markOptedOut: 'That member asked me not to keep their messages, so I cannot use it as a solution.',
    markExcluded: 'That channel is excluded from my index, so I cannot use it as a solution.',
    tagFailed: "(I couldn't change the post's tags or name: I need the Manage Threads permission there.)",
    noBotToken: "I can't act in posts right now: the bot has no bot token (ask the operator).",
    failed: "Something went wrong and I couldn't do that; please try again in a moment.",
    postGone: 'That post or message no longer exists.',
    solvedPrefix: '[Solved] ',
    statusLine:
      '🆘 Help channels watched: {channels, number} · last {days, plural, one {# day} other {# days}}: posts {watched, number} · answered {answered, number} · left to humans {left, number} · handed to a human {handedOff, number} · solved {solved, number} ({share, number, percent})',
  },
  {
    'en-GB': {},
    de: {
      askHuman: 'Einen Menschen fragen',
      solved: 'Gelöst',
      answerFooter:
        '-# Ich bin ein Bot und antworte aus dem Verlauf dieses Servers. Passt nicht? Drück **Einen Menschen fragen**. Hat es geholfen? Drück **Gelöst**.',
      unsure:
        'Ich habe in den Nachrichten dieses Servers nichts dazu gefunden und überlasse das den Menschen hier. Drück **Einen Menschen fragen**, um die Helfer zu rufen.',
      handOffPing: '{role}: Jemand hätte hier gern Hilfe von einem Menschen.',
      handOffNoRole: 'Jemand hätte hier gern Hilfe von einem Menschen.',
      handOffDone: 'Erledigt: Ich habe die Helfer für dich gerufen und halte mich aus diesem Beitrag heraus.',
      handOffDoneNoRole:
        'Erledigt: Ich halte mich aus diesem Beitrag heraus. Dieser Server hat keine Helferrolle zum Anpingen (eine Moderatorin oder ein Moderator kann eine mit `/einstellungen helferrolle` festlegen).',
      handOffAlready: 'Jemand hat die Helfer schon gebeten, sich diesen Beitrag anzusehen.',
      handOffRefused:
        'Nur die Person, die den Beitrag erstellt hat, oder ein Moderator (Nachrichten verwalten) kann hier einen Menschen rufen.',
      handOffCannotPost:
        'Ich konnte hier nichts posten, um die Helfer zu rufen (ich brauche „Nachrichten in Threads senden“). Bitte sag einem Moderator Bescheid.',
      solvedRefused:
        'Nur die Person, die den Beitrag erstellt hat, oder ein Helfer kann ihn als gelöst markieren.',
      solvedDone: 'Als gelöst markiert: Bei ähnlichen Fragen stelle ich diese Antwort an die erste Stelle.',
      markDone: 'Als Lösung markiert: Bei ähnlichen Fragen stelle ich diese Nachricht an die erste Stelle.',
      markNotInPost:
        '„Als Lösung markieren“ funktioniert bei Nachrichten in Forumsbeiträgen, Threads und Fragen in Hilfekanälen.',
      markBotMessage:
        'Wähl eine Nachricht, die ein Mitglied geschrieben hat; für meine eigene Antwort drück **Gelöst** darunter.',
      markStarter: 'Das ist die Frage selbst: Wähl die Nachricht, die sie beantwortet hat.',
      markOptedOut:
        'Dieses Mitglied hat mich gebeten, seine Nachrichten nicht zu behalten, daher kann ich sie nicht als Lösung verwenden.',
      markExcluded:
        'Dieser Kanal ist aus meinem Index ausgeschlossen, daher kann ich sie nicht als Lösung verwenden.',
      tagFailed:
        '(Ich konnte die Tags oder den Namen des Beitrags nicht ändern: Dafür brauche ich dort die Berechtigung „Threads verwalten“.)',
      noBotToken:
        'Ich kann gerade nicht in Beiträgen handeln: Der Bot hat kein Bot-Token (frag den Betreiber).',
      failed: 'Etwas ist schiefgegangen und ich konnte das nicht tun; bitte versuch es gleich noch einmal.',
      postGone: 'Dieser Beitrag oder diese Nachricht existiert nicht mehr.',
      solvedPrefix: '[Gelöst] ',
      statusLine:
        '🆘 Beobachtete Hilfekanäle: {channels, number} · letzte {days, plural, one {# Tag} other {# Tage}}: Beiträge {watched, number} · beantwortet {answered, number} · den Menschen überlassen {left, number} · an einen Menschen übergeben {handedOff, number} · gelöst {solved, number} ({share, number, percent})',
    },
    fr: {
      askHuman: 'Demander à un humain',
      solved: 'Résolu',
      answerFooter:
        '-# Je suis un bot qui répond d’après l’historique de ce serveur. Ce n’est pas ça ? Appuie sur **Demander à un humain**. Ça a aidé ? Appuie sur **Résolu**.',
      unsure:
        'Je n’ai rien trouvé à ce sujet dans les messages de ce serveur, je laisse donc la main aux humains d’ici. Appuie sur **Demander à un humain** pour appeler les aidants.',
      handOffPing: '{role} : un membre aimerait qu’un humain l’aide ici.',
      handOffNoRole: 'Un membre aimerait qu’un humain l’aide ici.',
      handOffDone:
        'C’est fait : j’ai appelé les aidants pour toi et je reste en dehors de cette publication.',
      handOffDoneNoRole:
        'C’est fait : je reste en dehors de cette publication. Ce serveur n’a pas de rôle d’aidants à mentionner (un modérateur peut en choisir un avec `/paramètres rôle-aidants`).',
      handOffAlready: 'Quelqu’un a déjà demandé aux aidants de regarder cette publication.',
      handOffRefused:
        'Seul l’auteur de la publication ou un modérateur (Gérer les messages) peut demander un humain ici.',
      handOffCannotPost:
        'Je n’ai pas pu écrire ici pour appeler les aidants (il me faut « Envoyer des messages dans les fils »). Préviens un modérateur.',
      solvedRefused: 'Seul l’auteur de la publication ou un aidant peut la marquer résolue.',
      solvedDone: 'Marquée résolue : je mettrai cette réponse en premier pour les questions similaires.',
      markDone: 'Marqué comme solution : je mettrai ce message en premier pour les questions similaires.',
      markNotInPost:
        '« Marquer comme solution » fonctionne sur les messages des publications de forum, des fils et des questions des salons d’aide.',
      markBotMessage:
        'Choisis un message écrit par un membre ; pour ma propre réponse, appuie sur **Résolu** en dessous.',
      markStarter: 'C’est la question elle-même : choisis le message qui y a répondu.',
      markOptedOut:
        'Ce membre m’a demandé de ne pas garder ses messages, je ne peux donc pas l’utiliser comme solution.',
      markExcluded: 'Ce salon est exclu de mon index, je ne peux donc pas l’utiliser comme solution.',
      tagFailed:
        '(Je n’ai pas pu changer les tags ou le nom de la publication : il me faut la permission « Gérer les fils » à cet endroit.)',
      noBotToken:
        'Je ne peux pas agir dans les publications pour le moment : le bot n’a pas de jeton de bot (demande à l’opérateur).',
      failed: 'Quelque chose s’est mal passé et je n’ai pas pu le faire ; réessaie dans un instant.',
      postGone: 'Cette publication ou ce message n’existe plus.',
      solvedPrefix: '[Résolu] ',
      statusLine:
        '🆘 Salons d’aide surveillés : {channels, number} · {days, plural, one {dernier # jour} many {derniers # jours} other {derniers # jours}} : publications {watched, number} · répondues {answered, number} · laissées aux humains {left, number} · confiées à un humain {handedOff, number} · résolues {solved, number} ({share, number, percent})',
    },
    'es-ES': {
      askHuman: 'Preguntar a una persona',
      solved: 'Resuelto',
      answerFooter:
        '-# Soy un bot que responde a partir del historial de este servidor. ¿No es esto? Pulsa **Preguntar a una persona**. ¿Te ha ayudado? Pulsa **Resuelto**.',
      unsure:
        'No he encontrado nada sobre esto en los mensajes de este servidor, así que se lo dejo a las personas de aquí. Pulsa **Preguntar a una persona** para llamar a los ayudantes.',
      handOffPing: '{role}: un miembro querría que una persona le ayude con esto.',
      handOffNoRole: 'Un miembro querría que una persona le ayude con esto.',
      handOffDone: 'Hecho: he llamado a los ayudantes por ti y me mantendré al margen de esta publicación.',
      handOffDoneNoRole:
        'Hecho: me mantendré al margen de esta publicación. Este servidor no tiene rol de ayudantes al que mencionar (un moderador puede elegir uno con `/ajustes rol-ayudantes`).',
      handOffAlready: 'Alguien ya ha pedido a los ayudantes que miren esta publicación.',
      handOffRefused:
        'Solo el autor de la publicación o un moderador (Gestionar mensajes) puede pedir aquí a una persona.',
      handOffCannotPost:
        'No he podido escribir aquí para llamar a los ayudantes (necesito «Enviar mensajes en hilos»). Avisa a un moderador.',
      solvedRefused: 'Solo el autor de la publicación o un ayudante puede marcarla como resuelta.',
      solvedDone: 'Marcada como resuelta: pondré esta respuesta la primera en preguntas parecidas.',
      markDone: 'Marcado como solución: pondré este mensaje el primero en preguntas parecidas.',
      markNotInPost:
        '«Marcar como solución» funciona con mensajes de publicaciones de foros, hilos y preguntas de canales de ayuda.',
      markBotMessage:
        'Elige un mensaje escrito por un miembro; para mi propia respuesta, pulsa **Resuelto** debajo de ella.',
      markStarter: 'Esa es la propia pregunta: elige el mensaje que la respondió.',
      markOptedOut:
        'Ese miembro me pidió que no guardara sus mensajes, así que no puedo usarlo como solución.',
      markExcluded: 'Ese canal está excluido de mi índice, así que no puedo usarlo como solución.',
      tagFailed:
        '(No he podido cambiar las etiquetas ni el nombre de la publicación: necesito allí el permiso «Gestionar hilos».)',
      noBotToken:
        'Ahora no puedo actuar en las publicaciones: el bot no tiene token de bot (pregunta al operador).',
      failed: 'Algo ha fallado y no he podido hacerlo; inténtalo de nuevo en un momento.',
      postGone: 'Esa publicación o ese mensaje ya no existe.',
      solvedPrefix: '[Resuelto] ',
      statusLine:
        '🆘 Canales de ayuda vigilados: {channels, number} · {days, plural, one {último # día} many {últimos # días} other {últimos # días}}: publicaciones {watched, number} · respondidas {answered, number} · dejadas a las personas {left, number} · pasadas a una persona {handedOff, number} · resueltas {solved, number} ({share, number, percent})',
    },
    'pt-BR': {
      askHuman: 'Pedir ajuda humana',
      solved: 'Resolvido',
      answerFooter:
        '-# Sou um bot que responde com base no histórico deste servidor. Não é isso? Aperte **Pedir ajuda humana**. Ajudou? Aperte **Resolvido**.',
      unsure:
        'Não encontrei nada sobre isso nas mensagens deste servidor, então deixo com as pessoas daqui. Aperte **Pedir ajuda humana** para chamar os ajudantes.',
      handOffPing: '{role}: um membro gostaria da ajuda de uma pessoa aqui.',
      handOffNoRole: 'Um membro gostaria da ajuda de uma pessoa aqui.',
      handOffDone: 'Pronto: chamei os ajudantes para você e vou ficar fora desta postagem.',
      handOffDoneNoRole:
        'Pronto: vou ficar fora desta postagem. Este servidor não tem cargo de ajudantes para mencionar (um moderador pode definir um com `/configurações cargo-ajudantes`).',
      handOffAlready: 'Alguém já pediu aos ajudantes que olhem esta postagem.',
      handOffRefused:
        'Só o autor da postagem ou um moderador (Gerenciar mensagens) pode pedir ajuda humana aqui.',
      handOffCannotPost:
        'Não consegui escrever aqui para chamar os ajudantes (preciso de "Enviar mensagens em tópicos"). Avise um moderador.',
      solvedRefused: 'Só o autor da postagem ou um ajudante pode marcá-la como resolvida.',
      solvedDone:
        'Marcada como resolvida: vou colocar esta resposta em primeiro lugar em perguntas parecidas.',
      markDone: 'Marcado como solução: vou colocar esta mensagem em primeiro lugar em perguntas parecidas.',
      markNotInPost:
        '"Marcar como solução" funciona em mensagens de postagens de fórum, tópicos e perguntas de canais de ajuda.',
      markBotMessage:
        'Escolha uma mensagem escrita por um membro; para a minha própria resposta, aperte **Resolvido** embaixo dela.',
      markStarter: 'Essa é a própria pergunta: escolha a mensagem que a respondeu.',
      markOptedOut:
        'Esse membro pediu que eu não guardasse as mensagens dele, então não posso usá-la como solução.',
      markExcluded: 'Esse canal está excluído do meu índice, então não posso usá-la como solução.',
      tagFailed:
        '(Não consegui mudar as tags ou o nome da postagem: preciso da permissão "Gerenciar tópicos" ali.)',
      noBotToken: 'Não posso agir nas postagens agora: o bot não tem token de bot (pergunte ao operador).',
      failed: 'Algo deu errado e não consegui fazer isso; tente de novo daqui a pouco.',
      postGone: 'Essa postagem ou mensagem não existe mais.',
      solvedPrefix: '[Resolvido] ',
      statusLine:
        '🆘 Canais de ajuda acompanhados: {channels, number} · {days, plural, one {último # dia} many {últimos # dias} other {últimos # dias}}: postagens {watched, number} · respondidas {answered, number} · deixadas para as pessoas {left, number} · passadas a uma pessoa {handedOff, number} · resolvidas {solved, number} ({share, number, percent})',
    },
    ru: {
      askHuman: 'Позвать человека',
      solved: 'Решено',
      answerFooter:
        '-# Я бот и отвечаю по истории этого сервера. Не то? Нажмите **Позвать человека**. Помогло? Нажмите **Решено**.',
      unsure:
        'Я ничего не нашёл об этом в сообщениях этого сервера, поэтому оставляю вопрос людям. Нажмите **Позвать человека**, чтобы позвать помощников.',
      handOffPing: '{role}: участнику здесь нужна помощь человека.',
      handOffNoRole: 'Участнику здесь нужна помощь человека.',
      handOffDone: 'Готово: я позвал помощников и больше не буду вмешиваться в эту публикацию.',
      handOffDoneNoRole:
        'Готово: я больше не буду вмешиваться в эту публикацию. На этом сервере нет роли помощников для упоминания (модератор может задать её через `/настройки роль-помощников`).',
      handOffAlready: 'Кто-то уже попросил помощников посмотреть эту публикацию.',
      handOffRefused:
        'Позвать человека здесь может только автор публикации или модератор (Управлять сообщениями).',
      handOffCannotPost:
        'Я не смог написать здесь, чтобы позвать помощников (нужно право «Отправлять сообщения в ветках»). Сообщите модератору.',
      solvedRefused: 'Отметить публикацию решённой может только её автор или помощник.',
      solvedDone: 'Отмечено как решённое: для похожих вопросов этот ответ будет первым.',
      markDone: 'Отмечено как решение: для похожих вопросов это сообщение будет первым.',
      markNotInPost:
        '«Отметить как решение» работает для сообщений в публикациях форумов, ветках и вопросах каналов помощи.',
      markBotMessage:
        'Выберите сообщение, написанное участником; для моего собственного ответа нажмите **Решено** под ним.',
      markStarter: 'Это сам вопрос: выберите сообщение, которое на него ответило.',
      markOptedOut:
        'Этот участник попросил не хранить его сообщения, поэтому я не могу использовать это как решение.',
      markExcluded: 'Этот канал исключён из моего индекса, поэтому я не могу использовать это как решение.',
      tagFailed:
        '(Я не смог изменить теги или название публикации: для этого мне там нужно право «Управлять ветками».)',
      noBotToken:
        'Сейчас я не могу действовать в публикациях: у бота нет токена бота (обратитесь к оператору).',
      failed: 'Что-то пошло не так, и я не смог это сделать; попробуйте ещё раз чуть позже.',
      postGone: 'Этой публикации или сообщения больше нет.',
      solvedPrefix: '[Решено] ',
      statusLine:
        '🆘 Каналов помощи под наблюдением: {channels, number} · за {days, plural, one {последний # день} few {последние # дня} many {последние # дней} other {последние # дня}}: публикаций {watched, number} · с ответом {answered, number} · оставлено людям {left, number} · передано человеку {handedOff, number} · решено {solved, number} ({share, number, percent})',
    },
    pl: {
      askHuman: 'Zapytaj człowieka',
      solved: 'Rozwiązane',
      answerFooter:
        '-# Jestem botem i odpowiadam na podstawie historii tego serwera. Nie to? Naciśnij **Zapytaj człowieka**. Pomogło? Naciśnij **Rozwiązane**.',
      unsure:
        'Nie znalazłem nic na ten temat w wiadomościach tego serwera, więc zostawiam to ludziom. Naciśnij **Zapytaj człowieka**, aby zawołać pomocników.',
      handOffPing: '{role}: ktoś prosi tu o pomoc człowieka.',
      handOffNoRole: 'Ktoś prosi tu o pomoc człowieka.',
      handOffDone: 'Gotowe: zawołałem pomocników i nie będę się już wtrącać w ten post.',
      handOffDoneNoRole:
        'Gotowe: nie będę się już wtrącać w ten post. Ten serwer nie ma roli pomocników do oznaczenia (moderator może ją ustawić przez `/ustawienia rola-pomocników`).',
      handOffAlready: 'Ktoś już poprosił pomocników, by zajrzeli do tego posta.',
      handOffRefused:
        'Tylko autor posta albo moderator (Zarządzanie wiadomościami) może tu zawołać człowieka.',
      handOffCannotPost:
        'Nie mogłem tu napisać, by zawołać pomocników (potrzebuję uprawnienia „Wysyłanie wiadomości w wątkach”). Daj znać moderatorowi.',
      solvedRefused: 'Tylko autor posta albo pomocnik może oznaczyć go jako rozwiązany.',
      solvedDone: 'Oznaczono jako rozwiązane: przy podobnych pytaniach ta odpowiedź będzie pierwsza.',
      markDone: 'Oznaczono jako rozwiązanie: przy podobnych pytaniach ta wiadomość będzie pierwsza.',
      markNotInPost:
        '„Oznacz jako rozwiązanie” działa dla wiadomości w postach na forum, wątkach i pytaniach z kanałów pomocy.',
      markBotMessage:
        'Wybierz wiadomość napisaną przez członka; dla mojej własnej odpowiedzi naciśnij **Rozwiązane** pod nią.',
      markStarter: 'To samo pytanie: wybierz wiadomość, która na nie odpowiedziała.',
      markOptedOut:
        'Ten członek poprosił, żebym nie przechowywał jego wiadomości, więc nie mogę jej użyć jako rozwiązania.',
      markExcluded: 'Ten kanał jest wykluczony z mojego indeksu, więc nie mogę jej użyć jako rozwiązania.',
      tagFailed:
        '(Nie mogłem zmienić tagów ani nazwy posta: potrzebuję tam uprawnienia „Zarządzanie wątkami”.)',
      noBotToken: 'Nie mogę teraz działać w postach: bot nie ma tokenu bota (zapytaj operatora).',
      failed: 'Coś poszło nie tak i nie mogłem tego zrobić; spróbuj ponownie za chwilę.',
      postGone: 'Ten post lub ta wiadomość już nie istnieje.',
      solvedPrefix: '[Rozwiązane] ',
      statusLine:
        '🆘 Obserwowane kanały pomocy: {channels, number} · {days, plural, one {ostatni # dzień} few {ostatnie # dni} many {ostatnie # dni} other {ostatnie # dnia}}: posty {watched, number} · z odpowiedzią {answered, number} · zostawione ludziom {left, number} · przekazane człowiekowi {handedOff, number} · rozwiązane {solved, number} ({share, number, percent})',
    },
    uk: {
      askHuman: 'Покликати людину',
      solved: 'Розв’язано',
      answerFooter:
        '-# Я бот і відповідаю за історією цього сервера. Не те? Натисніть **Покликати людину**. Допомогло? Натисніть **Розв’язано**.',
      unsure:
        'Я нічого не знайшов про це в повідомленнях цього сервера, тож залишаю питання людям. Натисніть **Покликати людину**, щоб покликати помічників.',
      handOffPing: '{role}: учасникові тут потрібна допомога людини.',
      handOffNoRole: 'Учасникові тут потрібна допомога людини.',
      handOffDone: 'Готово: я покликав помічників і більше не втручатимусь у цей допис.',
      handOffDoneNoRole:
        'Готово: я більше не втручатимусь у цей допис. На цьому сервері немає ролі помічників для згадки (модератор може задати її через `/налаштування роль-помічників`).',
      handOffAlready: 'Хтось уже попросив помічників подивитися цей допис.',
      handOffRefused: 'Покликати людину тут може лише автор допису або модератор (Керувати повідомленнями).',
      handOffCannotPost:
        'Я не зміг написати тут, щоб покликати помічників (потрібен дозвіл «Надсилати повідомлення в гілках»). Повідомте модератора.',
      solvedRefused: 'Позначити допис розв’язаним може лише його автор або помічник.',
      solvedDone: 'Позначено як розв’язане: для схожих запитань ця відповідь буде першою.',
      markDone: 'Позначено як рішення: для схожих запитань це повідомлення буде першим.',
      markNotInPost:
        '«Позначити як рішення» працює для повідомлень у дописах форумів, гілках і запитаннях каналів допомоги.',
      markBotMessage:
        'Виберіть повідомлення, написане учасником; для моєї власної відповіді натисніть **Розв’язано** під нею.',
      markStarter: 'Це саме запитання: виберіть повідомлення, яке на нього відповіло.',
      markOptedOut:
        'Цей учасник попросив не зберігати його повідомлення, тому я не можу використати це як рішення.',
      markExcluded: 'Цей канал виключено з мого індексу, тому я не можу використати це як рішення.',
      tagFailed:
        '(Я не зміг змінити теги чи назву допису: для цього мені там потрібен дозвіл «Керувати гілками».)',
      noBotToken: 'Зараз я не можу діяти в дописах: у бота немає токена бота (зверніться до оператора).',
      failed: 'Щось пішло не так, і я не зміг це зробити; спробуйте ще раз трохи згодом.',
      postGone: 'Цього допису чи повідомлення більше немає.',
      solvedPrefix: '[Розв’язано] ',
      statusLine:
        '🆘 Каналів допомоги під наглядом: {channels, number} · за {days, plural, one {останній # день} few {останні # дні} many {останні # днів} other {останні # дня}}: дописів {watched, number} · з відповіддю {answered, number} · залишено людям {left, number} · передано людині {handedOff, number} · розв’язано {solved, number} ({share, number, percent})',
    },
    ja: {
      askHuman: '人に聞く',
      solved: '解決済み',
      answerFooter:
        '-# 私はこのサーバーの履歴から回答するボットです。違いましたか？ **人に聞く** を押してください。役に立ちましたか？ **解決済み** を押してください。',
      unsure:
        'このサーバーのメッセージにはこれについての情報が見つからなかったので、ここにいる人たちにお任せします。ヘルパーを呼ぶには **人に聞く** を押してください。',
      handOffPing: '{role}：メンバーが人の助けを求めています。',
      handOffNoRole: 'メンバーが人の助けを求めています。',
      handOffDone: '完了：ヘルパーを呼びました。この投稿には今後関わりません。',
      handOffDoneNoRole:
        '完了：この投稿には今後関わりません。このサーバーにはメンションするヘルパーロールがありません（モデレーターが `/設定 ヘルパーロール` で設定できます）。',
      handOffAlready: 'すでに誰かがこの投稿をヘルパーに見てもらうよう頼んでいます。',
      handOffRefused: 'ここで人を呼べるのは、投稿者かモデレーター（メッセージの管理）だけです。',
      handOffCannotPost:
        'ヘルパーを呼ぶ投稿ができませんでした（「スレッドでメッセージを送信」権限が必要です）。モデレーターに伝えてください。',
      solvedRefused: '解決済みにできるのは、投稿者かヘルパーだけです。',
      solvedDone: '解決済みにしました：似た質問ではこの回答を最初に示します。',
      markDone: '解決策としてマークしました：似た質問ではこのメッセージを最初に示します。',
      markNotInPost:
        '「解決策としてマーク」は、フォーラムの投稿、スレッド、ヘルプチャンネルの質問内のメッセージで使えます。',
      markBotMessage:
        'メンバーが書いたメッセージを選んでください。私自身の回答なら、その下の **解決済み** を押してください。',
      markStarter: 'それは質問そのものです。質問に答えたメッセージを選んでください。',
      markOptedOut: 'そのメンバーはメッセージを保存しないよう求めているため、解決策として使えません。',
      markExcluded: 'そのチャンネルは索引から除外されているため、解決策として使えません。',
      tagFailed: '（投稿のタグや名前を変更できませんでした。そこでの「スレッドの管理」権限が必要です。）',
      noBotToken:
        '今は投稿内で操作できません：ボットにボットトークンがありません（運営者に確認してください）。',
      failed: '問題が発生して実行できませんでした。少ししてからもう一度お試しください。',
      postGone: 'その投稿またはメッセージはもう存在しません。',
      solvedPrefix: '[解決済み] ',
      statusLine:
        '🆘 見守り中のヘルプチャンネル：{channels, number} · 直近 {days, plural, other {# 日}}：投稿 {watched, number} · 回答 {answered, number} · 人に任せた {left, number} · 人に引き継いだ {handedOff, number} · 解決 {solved, number}（{share, number, percent}）',
    },
    ko: {
      askHuman: '사람에게 묻기',
      solved: '해결됨',
      answerFooter:
        '-# 저는 이 서버의 기록으로 답하는 봇입니다. 아닌가요? **사람에게 묻기**를 누르세요. 도움이 됐나요? **해결됨**을 누르세요.',
      unsure:
        '이 서버의 메시지에서 관련 내용을 찾지 못해 여기 계신 분들께 맡기겠습니다. 도우미를 부르려면 **사람에게 묻기**를 누르세요.',
      handOffPing: '{role}: 한 멤버가 사람의 도움을 원합니다.',
      handOffNoRole: '한 멤버가 사람의 도움을 원합니다.',
      handOffDone: '완료: 도우미를 불렀고 이 게시물에는 더 이상 끼어들지 않겠습니다.',
      handOffDoneNoRole:
        '완료: 이 게시물에는 더 이상 끼어들지 않겠습니다. 이 서버에는 멘션할 도우미 역할이 없습니다(모더레이터가 `/설정 도우미-역할`로 정할 수 있습니다).',
      handOffAlready: '이미 누군가 도우미에게 이 게시물을 봐 달라고 요청했습니다.',
      handOffRefused: '여기서 사람을 부를 수 있는 것은 게시물 작성자나 모더레이터(메시지 관리)뿐입니다.',
      handOffCannotPost:
        '도우미를 부르는 글을 올리지 못했습니다("스레드에서 메시지 보내기" 권한이 필요합니다). 모더레이터에게 알려 주세요.',
      solvedRefused: '해결됨으로 표시할 수 있는 것은 게시물 작성자나 도우미뿐입니다.',
      solvedDone: '해결됨으로 표시했습니다: 비슷한 질문에서 이 답변을 가장 먼저 보여 줍니다.',
      markDone: '해결책으로 표시했습니다: 비슷한 질문에서 이 메시지를 가장 먼저 보여 줍니다.',
      markNotInPost: '"해결책으로 표시"는 포럼 게시물, 스레드, 도움 채널 질문의 메시지에서 쓸 수 있습니다.',
      markBotMessage: '멤버가 쓴 메시지를 고르세요. 제 답변이라면 그 아래의 **해결됨**을 누르세요.',
      markStarter: '그것은 질문 자체입니다. 질문에 답한 메시지를 고르세요.',
      markOptedOut: '그 멤버가 메시지를 보관하지 말라고 요청해서 해결책으로 쓸 수 없습니다.',
      markExcluded: '그 채널은 색인에서 제외되어 해결책으로 쓸 수 없습니다.',
      tagFailed: '(게시물의 태그나 이름을 바꾸지 못했습니다. 그곳에서 "스레드 관리" 권한이 필요합니다.)',
      noBotToken: '지금은 게시물에서 동작할 수 없습니다: 봇에 봇 토큰이 없습니다(운영자에게 문의하세요).',
      failed: '문제가 생겨 처리하지 못했습니다. 잠시 후 다시 시도하세요.',
      postGone: '그 게시물이나 메시지는 더 이상 존재하지 않습니다.',
      solvedPrefix: '[해결됨] ',
      statusLine:
        '🆘 지켜보는 도움 채널: {channels, number} · 최근 {days, plural, other {#일}}: 게시물 {watched, number} · 답변 {answered, number} · 사람에게 맡김 {left, number} · 사람에게 넘김 {handedOff, number} · 해결 {solved, number} ({share, number, percent})',
    },
    'zh-CN': {
      askHuman: '找人帮忙',
      solved: '已解决',
      answerFooter:
        '-# 我是根据本服务器的历史回答的机器人。不对？请点 **找人帮忙**。有帮助？请点 **已解决**。',
      unsure:
        '我在本服务器的消息中没有找到相关内容，所以交给这里的人来回答。点 **找人帮忙** 可以呼叫帮助者。',
      handOffPing: '{role}：有成员希望有人来帮忙。',
      handOffNoRole: '有成员希望有人来帮忙。',
      handOffDone: '完成：我已为你呼叫帮助者，之后不会再介入这个帖子。',
      handOffDoneNoRole:
        '完成：之后我不会再介入这个帖子。本服务器没有可提及的帮助者身份组（管理员可以用 `/设置 帮助者身份组` 设置）。',
      handOffAlready: '已经有人请帮助者来看这个帖子了。',
      handOffRefused: '只有帖子的作者或管理员（管理消息）才能在这里找人帮忙。',
      handOffCannotPost: '我无法在这里发消息呼叫帮助者（需要“在子区中发送消息”权限）。请告诉管理员。',
      solvedRefused: '只有帖子的作者或帮助者才能将其标记为已解决。',
      solvedDone: '已标记为已解决：遇到类似问题时，我会把这个回答排在第一位。',
      markDone: '已标记为解决方案：遇到类似问题时，我会把这条消息排在第一位。',
      markNotInPost: '“标记为解决方案”适用于论坛帖子、子区和求助频道问题中的消息。',
      markBotMessage: '请选择一条成员写的消息；如果是我自己的回答，请点它下面的 **已解决**。',
      markStarter: '这就是问题本身：请选择回答了它的那条消息。',
      markOptedOut: '该成员要求我不保存其消息，所以无法把它作为解决方案。',
      markExcluded: '该频道已从我的索引中排除，所以无法把它作为解决方案。',
      tagFailed: '（我无法更改帖子的标签或名称：我在那里需要“管理子区”权限。）',
      noBotToken: '现在无法在帖子中操作：机器人没有机器人令牌（请询问运营者）。',
      failed: '出了点问题，我没能完成；请稍后再试。',
      postGone: '该帖子或消息已不存在。',
      solvedPrefix: '[已解决] ',
      statusLine:
        '🆘 关注中的求助频道：{channels, number} · 最近 {days, plural, other {# 天}}：帖子 {watched, number} · 已回答 {answered, number} · 交给人处理 {left, number} · 转交给人 {handedOff, number} · 已解决 {solved, number}（{share, number, percent}）',
    },
  },
);
