import { defineMessages } from '../catalogue';

/**
 * `/status`: one sentence per line of the report (the emoji in front of each line are added by
 * the code). Product and command names (Ollama, Chroma, `npm run index`, INDEX_FULL_CRON) stay as
 * they are: operators type them.
 */
export const statusText = defineMessages(
  'status',
  {
    title: 'Status',
    guildUnreachable:
      'The indexer could not reach this server since {since, date, minute} ({reason}): was the bot removed?',
    breaker:
      'circuit {state, select, closed {closed} open {open} other {half-open}}, {inFlight, number} in flight',
    hostUp: 'Ollama: reachable at {url} (version {version}, {breaker})',
    hostMissing: 'missing {models}',
    hostDown: 'Ollama: {reason} at {url} ({breaker})',
    hostDownWithError: 'Ollama: {reason} at {url} ({breaker}, last error: {error})',
    modelUnknown:
      '{kind, select, chat {Chat model} other {Embedding model}} `{name}`: unknown (Ollama unreachable)',
    modelMissing:
      '{kind, select, chat {Chat model} other {Embedding model}} `{name}`: not pulled (run `ollama pull {name}`)',
    modelLoaded: '{kind, select, chat {Chat model} other {Embedding model}} `{name}`: present, loaded',
    modelNotLoaded:
      '{kind, select, chat {Chat model} other {Embedding model}} `{name}`: present, not loaded yet (first answer will be slower)',
    chromaOk: 'Chroma: reachable',
    chromaDown: 'Chroma: {reason}',
    databaseOk: 'Database: ok',
    databaseDown: 'Database: {reason}',
    indexed:
      'Messages indexed for this server: {messages, number} in {channels, plural, one {# channel} other {# channels}}',
    runNever: 'Last index run: never (run `npm run index`)',
    runRunning: 'Last index run: {at, date, minute}, running for {duration}',
    runDone:
      'Last index run: {at, date, minute}, took {duration}, {status, select, ok {ok} partial {partly done} failed {failed} other {{status}}} (+{added, number} new, {edited, number} edited, {deleted, number} deleted)',
    fullDone:
      'Last full re-check: {at, date, minute}, {removed, plural, one {# deleted message} other {# deleted messages}} removed',
    fullStatus:
      'Last full re-check: {at, date, minute}, {status, select, ok {ok} partial {partly done} failed {failed} running {running} other {{status}}}',
    fullNever: 'Last full re-check: never (`npm run index -- --full`, or INDEX_FULL_CRON)',
    optedOut: 'Members opted out (/forget-me): {count, number}',
    answers: 'Answers served (last {hours, number} h): {served, number} · latency p50 {p50} · p95 {p95}',
    queue:
      'Queue: {waiting, number} waiting (longest {longest}, a new question would wait ~{expected}) · {running, number} being answered by {workers, plural, one {# worker} other {# workers}} ({slots, plural, one {# slot} other {# slots}})',
    ratings: '👍 {up, number} · 👎 {down, number} (last {days, plural, one {day} other {# days}})',
    seconds: '{seconds, number, seconds} s',
    failed: 'I could not gather the status right now (is the database reachable?).',
    modelLoadedUntil:
      '{kind, select, chat {Chat model} other {Embedding model}} `{name}`: present, loaded (until {until, date, minute})',
    modelLoadedForever:
      '{kind, select, chat {Chat model} other {Embedding model}} `{name}`: present, loaded (kept loaded)',
    reasoningNone: 'does not reason',
    reasoningOff: 'reasons before answering: reasoning off (OLLAMA_THINK=false)',
    reasoningLow:
      'reasons before answering: reasoning set to low (this model cannot turn it off; OLLAMA_THINK=false)',
    reasoningOn:
      'reasons before answering: reasoning {level, select, on {on} low {low} medium {medium} other {high}} (OLLAMA_THINK={setting})',
    hostLoaded: 'loaded: {models}',
    hostLoadedNone: 'loaded: none',
    loadedUntil: '`{name}` (until {until, date, minute})',
    loadedForever: '`{name}` (kept loaded)',
    keepAlive: 'Models kept loaded after use: {duration} (OLLAMA_KEEP_ALIVE)',
    keepAliveForever: 'Models kept loaded after use: for ever (OLLAMA_KEEP_ALIVE)',
    keepAliveNever: 'Models kept loaded after use: not at all (OLLAMA_KEEP_ALIVE)',
    dimensionMismatch:
      "Embedding model `{name}` now gives {now, number}-dimensional vectors, but this server's index holds {index, number}-dimensional ones: run `npm run index -- --reembed` (until then answers use keyword search)",
  },
  {
    'en-GB': {},
    de: {
      title: 'Status',
      guildUnreachable:
        'Der Indexer erreicht diesen Server seit {since, date, minute} nicht ({reason}): Wurde der Bot entfernt?',
      breaker:
        'Schutzschalter {state, select, closed {geschlossen} open {offen} other {halboffen}}, {inFlight, number} in Arbeit',
      hostUp: 'Ollama: erreichbar unter {url} (Version {version}, {breaker})',
      hostMissing: 'es fehlt {models}',
      hostDown: 'Ollama: {reason} unter {url} ({breaker})',
      hostDownWithError: 'Ollama: {reason} unter {url} ({breaker}, letzter Fehler: {error})',
      modelUnknown:
        '{kind, select, chat {Chat-Modell} other {Embedding-Modell}} `{name}`: unbekannt (Ollama nicht erreichbar)',
      modelMissing:
        '{kind, select, chat {Chat-Modell} other {Embedding-Modell}} `{name}`: nicht heruntergeladen (`ollama pull {name}` ausführen)',
      modelLoaded: '{kind, select, chat {Chat-Modell} other {Embedding-Modell}} `{name}`: vorhanden, geladen',
      modelNotLoaded:
        '{kind, select, chat {Chat-Modell} other {Embedding-Modell}} `{name}`: vorhanden, noch nicht geladen (die erste Antwort dauert länger)',
      chromaOk: 'Chroma: erreichbar',
      chromaDown: 'Chroma: {reason}',
      databaseOk: 'Datenbank: ok',
      databaseDown: 'Datenbank: {reason}',
      indexed:
        'Indexierte Nachrichten dieses Servers: {messages, number} in {channels, plural, one {# Kanal} other {# Kanälen}}',
      runNever: 'Letzter Indexlauf: nie (`npm run index` ausführen)',
      runRunning: 'Letzter Indexlauf: {at, date, minute}, läuft seit {duration}',
      runDone:
        'Letzter Indexlauf: {at, date, minute}, Dauer {duration}, {status, select, ok {ok} partial {teilweise} failed {fehlgeschlagen} other {{status}}} (+{added, number} neu, {edited, number} bearbeitet, {deleted, number} gelöscht)',
      fullDone:
        'Letzte vollständige Prüfung: {at, date, minute}, {removed, plural, one {# gelöschte Nachricht} other {# gelöschte Nachrichten}} entfernt',
      fullStatus:
        'Letzte vollständige Prüfung: {at, date, minute}, {status, select, ok {ok} partial {teilweise} failed {fehlgeschlagen} running {läuft} other {{status}}}',
      fullNever: 'Letzte vollständige Prüfung: nie (`npm run index -- --full` oder INDEX_FULL_CRON)',
      optedOut: 'Abgemeldete Mitglieder (/vergiss-mich): {count, number}',
      answers:
        'Beantwortete Fragen (letzte {hours, number} h): {served, number} · Antwortzeit p50 {p50} · p95 {p95}',
      queue:
        'Warteschlange: {waiting, number} wartend (am längsten {longest}, eine neue Frage würde ~{expected} warten) · {running, number} in Beantwortung durch {workers, plural, one {# Worker} other {# Worker}} ({slots, plural, one {# Platz} other {# Plätze}})',
      ratings:
        '👍 {up, number} · 👎 {down, number} ({days, plural, one {letzter Tag} other {letzte # Tage}})',
      seconds: '{seconds, number, seconds} s',
      failed: 'Ich konnte den Status gerade nicht ermitteln (ist die Datenbank erreichbar?).',
      modelLoadedUntil:
        '{kind, select, chat {Chat-Modell} other {Embedding-Modell}} `{name}`: vorhanden, geladen (bis {until, date, minute})',
      modelLoadedForever:
        '{kind, select, chat {Chat-Modell} other {Embedding-Modell}} `{name}`: vorhanden, geladen (bleibt geladen)',
      reasoningNone: 'denkt nicht nach',
      reasoningOff: 'denkt vor dem Antworten nach: Nachdenken aus (OLLAMA_THINK=false)',
      reasoningLow:
        'denkt vor dem Antworten nach: Nachdenken auf niedrig (dieses Modell kann es nicht abschalten; OLLAMA_THINK=false)',
      reasoningOn:
        'denkt vor dem Antworten nach: Nachdenken {level, select, on {an} low {niedrig} medium {mittel} other {hoch}} (OLLAMA_THINK={setting})',
      hostLoaded: 'geladen: {models}',
      hostLoadedNone: 'geladen: keines',
      loadedUntil: '`{name}` (bis {until, date, minute})',
      loadedForever: '`{name}` (bleibt geladen)',
      keepAlive: 'Modelle bleiben nach Gebrauch geladen: {duration} (OLLAMA_KEEP_ALIVE)',
      keepAliveForever: 'Modelle bleiben nach Gebrauch geladen: für immer (OLLAMA_KEEP_ALIVE)',
      keepAliveNever: 'Modelle bleiben nach Gebrauch geladen: gar nicht (OLLAMA_KEEP_ALIVE)',
      dimensionMismatch:
        'Embedding-Modell `{name}` liefert jetzt {now, number}-dimensionale Vektoren, der Index dieses Servers hat aber {index, number}-dimensionale: `npm run index -- --reembed` ausführen (bis dahin nutzen Antworten die Stichwortsuche)',
    },
    fr: {
      title: 'État',
      guildUnreachable:
        'L’indexeur n’arrive plus à joindre ce serveur depuis le {since, date, minute} ({reason}) : le bot a-t-il été retiré ?',
      breaker:
        'disjoncteur {state, select, closed {fermé} open {ouvert} other {semi-ouvert}}, {inFlight, number} en cours',
      hostUp: 'Ollama : joignable à {url} (version {version}, {breaker})',
      hostMissing: 'il manque {models}',
      hostDown: 'Ollama : {reason} à {url} ({breaker})',
      hostDownWithError: 'Ollama : {reason} à {url} ({breaker}, dernière erreur : {error})',
      modelUnknown:
        '{kind, select, chat {Modèle de chat} other {Modèle d’embedding}} `{name}` : inconnu (Ollama injoignable)',
      modelMissing:
        '{kind, select, chat {Modèle de chat} other {Modèle d’embedding}} `{name}` : non téléchargé (lancer `ollama pull {name}`)',
      modelLoaded:
        '{kind, select, chat {Modèle de chat} other {Modèle d’embedding}} `{name}` : présent, chargé',
      modelNotLoaded:
        '{kind, select, chat {Modèle de chat} other {Modèle d’embedding}} `{name}` : présent, pas encore chargé (la première réponse sera plus lente)',
      chromaOk: 'Chroma : joignable',
      chromaDown: 'Chroma : {reason}',
      databaseOk: 'Base de données : ok',
      databaseDown: 'Base de données : {reason}',
      indexed:
        'Messages indexés pour ce serveur : {messages, number} dans {channels, plural, one {# salon} many {# de salons} other {# salons}}',
      runNever: 'Dernière indexation : jamais (lancer `npm run index`)',
      runRunning: 'Dernière indexation : {at, date, minute}, en cours depuis {duration}',
      runDone:
        'Dernière indexation : {at, date, minute}, durée {duration}, {status, select, ok {ok} partial {partielle} failed {échec} other {{status}}} (+{added, number} nouveaux, {edited, number} modifiés, {deleted, number} supprimés)',
      fullDone:
        'Dernière vérification complète : {at, date, minute}, {removed, plural, one {# message supprimé retiré} many {# de messages supprimés retirés} other {# messages supprimés retirés}}',
      fullStatus:
        'Dernière vérification complète : {at, date, minute}, {status, select, ok {ok} partial {partielle} failed {échec} running {en cours} other {{status}}}',
      fullNever: 'Dernière vérification complète : jamais (`npm run index -- --full`, ou INDEX_FULL_CRON)',
      optedOut: 'Membres retirés (/oublie-moi) : {count, number}',
      answers:
        'Réponses données ({hours, number} dernières h) : {served, number} · latence p50 {p50} · p95 {p95}',
      queue:
        'File : {waiting, number} en attente (la plus longue {longest}, une nouvelle question attendrait ~{expected}) · {running, number} en cours de réponse par {workers, plural, one {# worker} many {# de workers} other {# workers}} ({slots, plural, one {# place} many {# de places} other {# places}})',
      ratings:
        '👍 {up, number} · 👎 {down, number} ({days, plural, one {dernier jour} many {# derniers jours} other {# derniers jours}})',
      seconds: '{seconds, number, seconds} s',
      failed: 'Je n’ai pas pu obtenir l’état pour le moment (la base de données est-elle joignable ?).',
      modelLoadedUntil:
        '{kind, select, chat {Modèle de chat} other {Modèle d’embedding}} `{name}`: présent, chargé (jusqu’à {until, date, minute})',
      modelLoadedForever:
        '{kind, select, chat {Modèle de chat} other {Modèle d’embedding}} `{name}`: présent, chargé (reste chargé)',
      reasoningNone: 'ne raisonne pas',
      reasoningOff: 'raisonne avant de répondre : raisonnement désactivé (OLLAMA_THINK=false)',
      reasoningLow:
        'raisonne avant de répondre : raisonnement au niveau bas (ce modèle ne peut pas le désactiver ; OLLAMA_THINK=false)',
      reasoningOn:
        'raisonne avant de répondre : raisonnement {level, select, on {activé} low {bas} medium {moyen} other {élevé}} (OLLAMA_THINK={setting})',
      hostLoaded: 'chargés : {models}',
      hostLoadedNone: 'chargés : aucun',
      loadedUntil: '`{name}` (jusqu’à {until, date, minute})',
      loadedForever: '`{name}` (reste chargé)',
      keepAlive: 'Modèles gardés en mémoire après usage : {duration} (OLLAMA_KEEP_ALIVE)',
      keepAliveForever: 'Modèles gardés en mémoire après usage : toujours (OLLAMA_KEEP_ALIVE)',
      keepAliveNever: 'Modèles gardés en mémoire après usage : pas du tout (OLLAMA_KEEP_ALIVE)',
      dimensionMismatch:
        'Le modèle d’embedding `{name}` donne maintenant des vecteurs de {now, number} dimensions, mais l’index de ce serveur en contient de {index, number} : lance `npm run index -- --reembed` (d’ici là, les réponses utilisent la recherche par mots-clés)',
    },
    'es-ES': {
      title: 'Estado',
      guildUnreachable:
        'El indexador no puede acceder a este servidor desde el {since, date, minute} ({reason}): ¿se ha quitado el bot?',
      breaker:
        'circuito {state, select, closed {cerrado} open {abierto} other {semiabierto}}, {inFlight, number} en curso',
      hostUp: 'Ollama: accesible en {url} (versión {version}, {breaker})',
      hostMissing: 'falta {models}',
      hostDown: 'Ollama: {reason} en {url} ({breaker})',
      hostDownWithError: 'Ollama: {reason} en {url} ({breaker}, último error: {error})',
      modelUnknown:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: desconocido (Ollama no accesible)',
      modelMissing:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: no descargado (ejecuta `ollama pull {name}`)',
      modelLoaded:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: presente, cargado',
      modelNotLoaded:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: presente, aún sin cargar (la primera respuesta tardará más)',
      chromaOk: 'Chroma: accesible',
      chromaDown: 'Chroma: {reason}',
      databaseOk: 'Base de datos: ok',
      databaseDown: 'Base de datos: {reason}',
      indexed:
        'Mensajes indexados de este servidor: {messages, number} en {channels, plural, one {# canal} many {# de canales} other {# canales}}',
      runNever: 'Última indexación: nunca (ejecuta `npm run index`)',
      runRunning: 'Última indexación: {at, date, minute}, en curso desde hace {duration}',
      runDone:
        'Última indexación: {at, date, minute}, duró {duration}, {status, select, ok {ok} partial {parcial} failed {fallida} other {{status}}} (+{added, number} nuevos, {edited, number} editados, {deleted, number} borrados)',
      fullDone:
        'Última revisión completa: {at, date, minute}, {removed, plural, one {# mensaje borrado quitado} many {# de mensajes borrados quitados} other {# mensajes borrados quitados}}',
      fullStatus:
        'Última revisión completa: {at, date, minute}, {status, select, ok {ok} partial {parcial} failed {fallida} running {en curso} other {{status}}}',
      fullNever: 'Última revisión completa: nunca (`npm run index -- --full`, o INDEX_FULL_CRON)',
      optedOut: 'Miembros excluidos (/olvídame): {count, number}',
      answers:
        'Respuestas dadas (últimas {hours, number} h): {served, number} · latencia p50 {p50} · p95 {p95}',
      queue:
        'Cola: {waiting, number} esperando (la más larga {longest}, una pregunta nueva esperaría ~{expected}) · {running, number} en respuesta por {workers, plural, one {# worker} many {# de workers} other {# workers}} ({slots, plural, one {# plaza} many {# de plazas} other {# plazas}})',
      ratings:
        '👍 {up, number} · 👎 {down, number} ({days, plural, one {último día} many {últimos # días} other {últimos # días}})',
      seconds: '{seconds, number, seconds} s',
      failed: 'Ahora mismo no he podido obtener el estado (¿está accesible la base de datos?).',
      modelLoadedUntil:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: presente, cargado (hasta {until, date, minute})',
      modelLoadedForever:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: presente, cargado (se mantiene cargado)',
      reasoningNone: 'no razona',
      reasoningOff: 'razona antes de responder: razonamiento desactivado (OLLAMA_THINK=false)',
      reasoningLow:
        'razona antes de responder: razonamiento en bajo (este modelo no puede desactivarlo; OLLAMA_THINK=false)',
      reasoningOn:
        'razona antes de responder: razonamiento {level, select, on {activado} low {bajo} medium {medio} other {alto}} (OLLAMA_THINK={setting})',
      hostLoaded: 'cargados: {models}',
      hostLoadedNone: 'cargados: ninguno',
      loadedUntil: '`{name}` (hasta {until, date, minute})',
      loadedForever: '`{name}` (se mantiene cargado)',
      keepAlive: 'Modelos cargados tras su uso: {duration} (OLLAMA_KEEP_ALIVE)',
      keepAliveForever: 'Modelos cargados tras su uso: siempre (OLLAMA_KEEP_ALIVE)',
      keepAliveNever: 'Modelos cargados tras su uso: nada (OLLAMA_KEEP_ALIVE)',
      dimensionMismatch:
        'El modelo de embeddings `{name}` ahora da vectores de {now, number} dimensiones, pero el índice de este servidor tiene de {index, number}: ejecuta `npm run index -- --reembed` (hasta entonces las respuestas usan la búsqueda por palabras clave)',
    },
    'pt-BR': {
      title: 'Status',
      guildUnreachable:
        'O indexador não consegue acessar este servidor desde {since, date, minute} ({reason}): o bot foi removido?',
      breaker:
        'disjuntor {state, select, closed {fechado} open {aberto} other {semiaberto}}, {inFlight, number} em andamento',
      hostUp: 'Ollama: acessível em {url} (versão {version}, {breaker})',
      hostMissing: 'falta {models}',
      hostDown: 'Ollama: {reason} em {url} ({breaker})',
      hostDownWithError: 'Ollama: {reason} em {url} ({breaker}, último erro: {error})',
      modelUnknown:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: desconhecido (Ollama inacessível)',
      modelMissing:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: não baixado (execute `ollama pull {name}`)',
      modelLoaded:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: presente, carregado',
      modelNotLoaded:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: presente, ainda não carregado (a primeira resposta será mais lenta)',
      chromaOk: 'Chroma: acessível',
      chromaDown: 'Chroma: {reason}',
      databaseOk: 'Banco de dados: ok',
      databaseDown: 'Banco de dados: {reason}',
      indexed:
        'Mensagens indexadas deste servidor: {messages, number} em {channels, plural, one {# canal} many {# de canais} other {# canais}}',
      runNever: 'Última indexação: nunca (execute `npm run index`)',
      runRunning: 'Última indexação: {at, date, minute}, rodando há {duration}',
      runDone:
        'Última indexação: {at, date, minute}, levou {duration}, {status, select, ok {ok} partial {parcial} failed {falhou} other {{status}}} (+{added, number} novas, {edited, number} editadas, {deleted, number} apagadas)',
      fullDone:
        'Última verificação completa: {at, date, minute}, {removed, plural, one {# mensagem apagada removida} many {# de mensagens apagadas removidas} other {# mensagens apagadas removidas}}',
      fullStatus:
        'Última verificação completa: {at, date, minute}, {status, select, ok {ok} partial {parcial} failed {falhou} running {em andamento} other {{status}}}',
      fullNever: 'Última verificação completa: nunca (`npm run index -- --full`, ou INDEX_FULL_CRON)',
      optedOut: 'Membros que saíram (/esqueça-me): {count, number}',
      answers:
        'Respostas dadas (últimas {hours, number} h): {served, number} · latência p50 {p50} · p95 {p95}',
      queue:
        'Fila: {waiting, number} esperando (a mais longa {longest}, uma nova pergunta esperaria ~{expected}) · {running, number} sendo respondidas por {workers, plural, one {# worker} many {# de workers} other {# workers}} ({slots, plural, one {# vaga} many {# de vagas} other {# vagas}})',
      ratings:
        '👍 {up, number} · 👎 {down, number} ({days, plural, one {último dia} many {últimos # dias} other {últimos # dias}})',
      seconds: '{seconds, number, seconds} s',
      failed: 'Não consegui obter o status agora (o banco de dados está acessível?).',
      modelLoadedUntil:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: presente, carregado (até {until, date, minute})',
      modelLoadedForever:
        '{kind, select, chat {Modelo de chat} other {Modelo de embeddings}} `{name}`: presente, carregado (continua carregado)',
      reasoningNone: 'não raciocina',
      reasoningOff: 'raciocina antes de responder: raciocínio desligado (OLLAMA_THINK=false)',
      reasoningLow:
        'raciocina antes de responder: raciocínio no nível baixo (este modelo não pode desligá-lo; OLLAMA_THINK=false)',
      reasoningOn:
        'raciocina antes de responder: raciocínio {level, select, on {ligado} low {baixo} medium {médio} other {alto}} (OLLAMA_THINK={setting})',
      hostLoaded: 'carregados: {models}',
      hostLoadedNone: 'carregados: nenhum',
      loadedUntil: '`{name}` (até {until, date, minute})',
      loadedForever: '`{name}` (continua carregado)',
      keepAlive: 'Modelos mantidos carregados após o uso: {duration} (OLLAMA_KEEP_ALIVE)',
      keepAliveForever: 'Modelos mantidos carregados após o uso: para sempre (OLLAMA_KEEP_ALIVE)',
      keepAliveNever: 'Modelos mantidos carregados após o uso: nada (OLLAMA_KEEP_ALIVE)',
      dimensionMismatch:
        'O modelo de embeddings `{name}` agora gera vetores de {now, number} dimensões, mas o índice deste servidor tem vetores de {index, number}: rode `npm run index -- --reembed` (até lá as respostas usam a busca por palavras-chave)',
    },
    ru: {
      title: 'Состояние',
      guildUnreachable:
        'Индексатор не может достучаться до этого сервера с {since, date, minute} ({reason}): бота удалили?',
      breaker:
        'предохранитель {state, select, closed {замкнут} open {разомкнут} other {полуразомкнут}}, в работе: {inFlight, number}',
      hostUp: 'Ollama: доступен по адресу {url} (версия {version}, {breaker})',
      hostMissing: 'нет {models}',
      hostDown: 'Ollama: {reason} по адресу {url} ({breaker})',
      hostDownWithError: 'Ollama: {reason} по адресу {url} ({breaker}, последняя ошибка: {error})',
      modelUnknown:
        '{kind, select, chat {Чат-модель} other {Модель эмбеддингов}} `{name}`: неизвестно (Ollama недоступен)',
      modelMissing:
        '{kind, select, chat {Чат-модель} other {Модель эмбеддингов}} `{name}`: не загружена (выполните `ollama pull {name}`)',
      modelLoaded:
        '{kind, select, chat {Чат-модель} other {Модель эмбеддингов}} `{name}`: есть, загружена в память',
      modelNotLoaded:
        '{kind, select, chat {Чат-модель} other {Модель эмбеддингов}} `{name}`: есть, ещё не в памяти (первый ответ будет медленнее)',
      chromaOk: 'Chroma: доступна',
      chromaDown: 'Chroma: {reason}',
      databaseOk: 'База данных: ok',
      databaseDown: 'База данных: {reason}',
      indexed:
        'Проиндексировано сообщений этого сервера: {messages, number} в {channels, plural, one {# канале} few {# каналах} many {# каналах} other {# канала}}',
      runNever: 'Последняя индексация: никогда (выполните `npm run index`)',
      runRunning: 'Последняя индексация: {at, date, minute}, идёт уже {duration}',
      runDone:
        'Последняя индексация: {at, date, minute}, длилась {duration}, {status, select, ok {ok} partial {частично} failed {ошибка} other {{status}}} (+{added, number} новых, {edited, number} изменённых, {deleted, number} удалённых)',
      fullDone:
        'Последняя полная проверка: {at, date, minute}, убрано удалённых сообщений: {removed, number}',
      fullStatus:
        'Последняя полная проверка: {at, date, minute}, {status, select, ok {ok} partial {частично} failed {ошибка} running {идёт} other {{status}}}',
      fullNever: 'Последняя полная проверка: никогда (`npm run index -- --full` или INDEX_FULL_CRON)',
      optedOut: 'Участников отказалось (/забудь-меня): {count, number}',
      answers: 'Дано ответов (за {hours, number} ч): {served, number} · задержка p50 {p50} · p95 {p95}',
      queue:
        'Очередь: ждут {waiting, number} (дольше всех {longest}, новый вопрос ждал бы ~{expected}) · отвечается {running, number}, {workers, plural, one {# обработчик} few {# обработчика} many {# обработчиков} other {# обработчика}} ({slots, plural, one {# слот} few {# слота} many {# слотов} other {# слота}})',
      ratings:
        '👍 {up, number} · 👎 {down, number} (за {days, plural, one {последний # день} few {последние # дня} many {последние # дней} other {последние # дня}})',
      seconds: '{seconds, number, seconds} с',
      failed: 'Сейчас не удалось собрать состояние (доступна ли база данных?).',
      modelLoadedUntil:
        '{kind, select, chat {Модель чата} other {Модель эмбеддингов}} `{name}`: есть, загружена (до {until, date, minute})',
      modelLoadedForever:
        '{kind, select, chat {Модель чата} other {Модель эмбеддингов}} `{name}`: есть, загружена (остаётся загруженной)',
      reasoningNone: 'не рассуждает',
      reasoningOff: 'рассуждает перед ответом: рассуждения выключены (OLLAMA_THINK=false)',
      reasoningLow:
        'рассуждает перед ответом: рассуждения на низком уровне (эта модель не может их выключить; OLLAMA_THINK=false)',
      reasoningOn:
        'рассуждает перед ответом: рассуждения {level, select, on {включены} low {низкие} medium {средние} other {высокие}} (OLLAMA_THINK={setting})',
      hostLoaded: 'загружены: {models}',
      hostLoadedNone: 'загружены: нет',
      loadedUntil: '`{name}` (до {until, date, minute})',
      loadedForever: '`{name}` (остаётся загруженной)',
      keepAlive: 'Модели остаются загруженными после использования: {duration} (OLLAMA_KEEP_ALIVE)',
      keepAliveForever: 'Модели остаются загруженными после использования: всегда (OLLAMA_KEEP_ALIVE)',
      keepAliveNever: 'Модели остаются загруженными после использования: нет (OLLAMA_KEEP_ALIVE)',
      dimensionMismatch:
        'Модель эмбеддингов `{name}` теперь даёт векторы размерности {now, number}, а индекс этого сервера хранит векторы размерности {index, number}: выполните `npm run index -- --reembed` (до тех пор ответы используют поиск по ключевым словам)',
    },
    pl: {
      title: 'Stan',
      guildUnreachable:
        'Indekser nie może połączyć się z tym serwerem od {since, date, minute} ({reason}): czy bot został usunięty?',
      breaker:
        'bezpiecznik {state, select, closed {zamknięty} open {otwarty} other {półotwarty}}, w toku: {inFlight, number}',
      hostUp: 'Ollama: dostępna pod {url} (wersja {version}, {breaker})',
      hostMissing: 'brak {models}',
      hostDown: 'Ollama: {reason} pod {url} ({breaker})',
      hostDownWithError: 'Ollama: {reason} pod {url} ({breaker}, ostatni błąd: {error})',
      modelUnknown:
        '{kind, select, chat {Model czatu} other {Model embeddingów}} `{name}`: nieznany (Ollama niedostępna)',
      modelMissing:
        '{kind, select, chat {Model czatu} other {Model embeddingów}} `{name}`: niepobrany (uruchom `ollama pull {name}`)',
      modelLoaded: '{kind, select, chat {Model czatu} other {Model embeddingów}} `{name}`: jest, załadowany',
      modelNotLoaded:
        '{kind, select, chat {Model czatu} other {Model embeddingów}} `{name}`: jest, jeszcze niezaładowany (pierwsza odpowiedź potrwa dłużej)',
      chromaOk: 'Chroma: dostępna',
      chromaDown: 'Chroma: {reason}',
      databaseOk: 'Baza danych: ok',
      databaseDown: 'Baza danych: {reason}',
      indexed:
        'Zindeksowane wiadomości tego serwera: {messages, number} na {channels, plural, one {# kanale} few {# kanałach} many {# kanałach} other {# kanału}}',
      runNever: 'Ostatnie indeksowanie: nigdy (uruchom `npm run index`)',
      runRunning: 'Ostatnie indeksowanie: {at, date, minute}, trwa od {duration}',
      runDone:
        'Ostatnie indeksowanie: {at, date, minute}, trwało {duration}, {status, select, ok {ok} partial {częściowo} failed {błąd} other {{status}}} (+{added, number} nowych, {edited, number} edytowanych, {deleted, number} usuniętych)',
      fullDone:
        'Ostatnie pełne sprawdzenie: {at, date, minute}, usunięte wiadomości wycofane z indeksu: {removed, number}',
      fullStatus:
        'Ostatnie pełne sprawdzenie: {at, date, minute}, {status, select, ok {ok} partial {częściowo} failed {błąd} running {trwa} other {{status}}}',
      fullNever: 'Ostatnie pełne sprawdzenie: nigdy (`npm run index -- --full` lub INDEX_FULL_CRON)',
      optedOut: 'Członkowie wypisani (/zapomnij-mnie): {count, number}',
      answers:
        'Udzielone odpowiedzi (ostatnie {hours, number} h): {served, number} · opóźnienie p50 {p50} · p95 {p95}',
      queue:
        'Kolejka: czeka {waiting, number} (najdłużej {longest}, nowe pytanie czekałoby ~{expected}) · w odpowiedzi {running, number}, {workers, plural, one {# worker} few {# workery} many {# workerów} other {# workera}} ({slots, plural, one {# miejsce} few {# miejsca} many {# miejsc} other {# miejsca}})',
      ratings:
        '👍 {up, number} · 👎 {down, number} ({days, plural, one {ostatni dzień} few {ostatnie # dni} many {ostatnie # dni} other {ostatnie # dnia}})',
      seconds: '{seconds, number, seconds} s',
      failed: 'Nie udało mi się teraz zebrać stanu (czy baza danych jest dostępna?).',
      modelLoadedUntil:
        '{kind, select, chat {Model czatu} other {Model embeddingów}} `{name}`: jest, załadowany (do {until, date, minute})',
      modelLoadedForever:
        '{kind, select, chat {Model czatu} other {Model embeddingów}} `{name}`: jest, załadowany (pozostaje załadowany)',
      reasoningNone: 'nie rozumuje',
      reasoningOff: 'rozumuje przed odpowiedzią: rozumowanie wyłączone (OLLAMA_THINK=false)',
      reasoningLow:
        'rozumuje przed odpowiedzią: rozumowanie na niskim poziomie (ten model nie może go wyłączyć; OLLAMA_THINK=false)',
      reasoningOn:
        'rozumuje przed odpowiedzią: rozumowanie {level, select, on {włączone} low {niskie} medium {średnie} other {wysokie}} (OLLAMA_THINK={setting})',
      hostLoaded: 'załadowane: {models}',
      hostLoadedNone: 'załadowane: brak',
      loadedUntil: '`{name}` (do {until, date, minute})',
      loadedForever: '`{name}` (pozostaje załadowany)',
      keepAlive: 'Modele pozostają załadowane po użyciu: {duration} (OLLAMA_KEEP_ALIVE)',
      keepAliveForever: 'Modele pozostają załadowane po użyciu: zawsze (OLLAMA_KEEP_ALIVE)',
      keepAliveNever: 'Modele pozostają załadowane po użyciu: wcale (OLLAMA_KEEP_ALIVE)',
      dimensionMismatch:
        'Model embeddingów `{name}` daje teraz wektory o wymiarze {now, number}, a indeks tego serwera ma wektory o wymiarze {index, number}: uruchom `npm run index -- --reembed` (do tego czasu odpowiedzi używają wyszukiwania po słowach kluczowych)',
    },
    uk: {
      title: 'Стан',
      guildUnreachable:
        'Індексатор не може дістатися до цього сервера з {since, date, minute} ({reason}): бота видалили?',
      breaker:
        'запобіжник {state, select, closed {замкнений} open {розімкнений} other {напіврозімкнений}}, у роботі: {inFlight, number}',
      hostUp: 'Ollama: доступний за адресою {url} (версія {version}, {breaker})',
      hostMissing: 'бракує {models}',
      hostDown: 'Ollama: {reason} за адресою {url} ({breaker})',
      hostDownWithError: 'Ollama: {reason} за адресою {url} ({breaker}, остання помилка: {error})',
      modelUnknown:
        '{kind, select, chat {Чат-модель} other {Модель ембедингів}} `{name}`: невідомо (Ollama недоступний)',
      modelMissing:
        '{kind, select, chat {Чат-модель} other {Модель ембедингів}} `{name}`: не завантажена (виконайте `ollama pull {name}`)',
      modelLoaded: '{kind, select, chat {Чат-модель} other {Модель ембедингів}} `{name}`: є, у пам’яті',
      modelNotLoaded:
        '{kind, select, chat {Чат-модель} other {Модель ембедингів}} `{name}`: є, ще не в пам’яті (перша відповідь буде повільнішою)',
      chromaOk: 'Chroma: доступна',
      chromaDown: 'Chroma: {reason}',
      databaseOk: 'База даних: ok',
      databaseDown: 'База даних: {reason}',
      indexed:
        'Проіндексовано повідомлень цього сервера: {messages, number} у {channels, plural, one {# каналі} few {# каналах} many {# каналах} other {# каналу}}',
      runNever: 'Остання індексація: ніколи (виконайте `npm run index`)',
      runRunning: 'Остання індексація: {at, date, minute}, триває вже {duration}',
      runDone:
        'Остання індексація: {at, date, minute}, тривала {duration}, {status, select, ok {ok} partial {частково} failed {помилка} other {{status}}} (+{added, number} нових, {edited, number} змінених, {deleted, number} видалених)',
      fullDone:
        'Остання повна перевірка: {at, date, minute}, прибрано видалених повідомлень: {removed, number}',
      fullStatus:
        'Остання повна перевірка: {at, date, minute}, {status, select, ok {ok} partial {частково} failed {помилка} running {триває} other {{status}}}',
      fullNever: 'Остання повна перевірка: ніколи (`npm run index -- --full` або INDEX_FULL_CRON)',
      optedOut: 'Учасників, що відмовилися (/забудь-мене): {count, number}',
      answers:
        'Надано відповідей (за {hours, number} год): {served, number} · затримка p50 {p50} · p95 {p95}',
      queue:
        'Черга: чекають {waiting, number} (найдовше {longest}, нове питання чекало б ~{expected}) · у роботі {running, number}, {workers, plural, one {# обробник} few {# обробники} many {# обробників} other {# обробника}} ({slots, plural, one {# слот} few {# слоти} many {# слотів} other {# слота}})',
      ratings:
        '👍 {up, number} · 👎 {down, number} (за {days, plural, one {останній # день} few {останні # дні} many {останні # днів} other {останні # дня}})',
      seconds: '{seconds, number, seconds} с',
      failed: 'Зараз не вдалося зібрати стан (чи доступна база даних?).',
      modelLoadedUntil:
        '{kind, select, chat {Модель чату} other {Модель ембедингів}} `{name}`: є, завантажена (до {until, date, minute})',
      modelLoadedForever:
        '{kind, select, chat {Модель чату} other {Модель ембедингів}} `{name}`: є, завантажена (лишається завантаженою)',
      reasoningNone: 'не міркує',
      reasoningOff: 'міркує перед відповіддю: міркування вимкнено (OLLAMA_THINK=false)',
      reasoningLow:
        'міркує перед відповіддю: міркування на низькому рівні (ця модель не може їх вимкнути; OLLAMA_THINK=false)',
      reasoningOn:
        'міркує перед відповіддю: міркування {level, select, on {увімкнено} low {низькі} medium {середні} other {високі}} (OLLAMA_THINK={setting})',
      hostLoaded: 'завантажені: {models}',
      hostLoadedNone: 'завантажені: немає',
      loadedUntil: '`{name}` (до {until, date, minute})',
      loadedForever: '`{name}` (лишається завантаженою)',
      keepAlive: 'Моделі лишаються завантаженими після використання: {duration} (OLLAMA_KEEP_ALIVE)',
      keepAliveForever: 'Моделі лишаються завантаженими після використання: завжди (OLLAMA_KEEP_ALIVE)',
      keepAliveNever: 'Моделі лишаються завантаженими після використання: ні (OLLAMA_KEEP_ALIVE)',
      dimensionMismatch:
        'Модель ембедингів `{name}` тепер дає вектори розмірності {now, number}, а індекс цього сервера зберігає вектори розмірності {index, number}: виконайте `npm run index -- --reembed` (доти відповіді використовують пошук за ключовими словами)',
    },
    ja: {
      title: 'ステータス',
      guildUnreachable:
        'インデクサーは {since, date, minute} からこのサーバーに接続できていません（{reason}）。ボットが削除されましたか？',
      breaker: 'サーキット{state, select, closed {閉} open {開} other {半開}}、処理中 {inFlight, number}',
      hostUp: 'Ollama：{url} に接続可能（バージョン {version}、{breaker}）',
      hostMissing: '{models} がありません',
      hostDown: 'Ollama：{url} は {reason}（{breaker}）',
      hostDownWithError: 'Ollama：{url} は {reason}（{breaker}、最後のエラー：{error}）',
      modelUnknown:
        '{kind, select, chat {チャットモデル} other {埋め込みモデル}} `{name}`：不明（Ollama に接続できません）',
      modelMissing:
        '{kind, select, chat {チャットモデル} other {埋め込みモデル}} `{name}`：未取得（`ollama pull {name}` を実行）',
      modelLoaded:
        '{kind, select, chat {チャットモデル} other {埋め込みモデル}} `{name}`：あり、読み込み済み',
      modelNotLoaded:
        '{kind, select, chat {チャットモデル} other {埋め込みモデル}} `{name}`：あり、未読み込み（最初の回答は遅くなります）',
      chromaOk: 'Chroma：接続可能',
      chromaDown: 'Chroma：{reason}',
      databaseOk: 'データベース：正常',
      databaseDown: 'データベース：{reason}',
      indexed:
        'このサーバーのインデックス済みメッセージ：{messages, number} 件（{channels, plural, other {# チャンネル}}）',
      runNever: '前回のインデックス実行：なし（`npm run index` を実行）',
      runRunning: '前回のインデックス実行：{at, date, minute}、{duration} 前から実行中',
      runDone:
        '前回のインデックス実行：{at, date, minute}、所要 {duration}、{status, select, ok {成功} partial {一部のみ} failed {失敗} other {{status}}}（新規 +{added, number}、編集 {edited, number}、削除 {deleted, number}）',
      fullDone:
        '前回の完全チェック：{at, date, minute}、削除済みメッセージ {removed, plural, other {# 件}}を除去',
      fullStatus:
        '前回の完全チェック：{at, date, minute}、{status, select, ok {成功} partial {一部のみ} failed {失敗} running {実行中} other {{status}}}',
      fullNever: '前回の完全チェック：なし（`npm run index -- --full` または INDEX_FULL_CRON）',
      optedOut: '除外を選んだメンバー（/忘れて）：{count, number}',
      answers: '回答数（直近 {hours, number} 時間）：{served, number} · 応答時間 p50 {p50} · p95 {p95}',
      queue:
        'キュー：待機 {waiting, number}（最長 {longest}、新しい質問の待ち時間 ~{expected}）· 回答中 {running, number}、ワーカー {workers, plural, other {#}}（スロット {slots, plural, other {#}}）',
      ratings: '👍 {up, number} · 👎 {down, number}（直近 {days, plural, other {# 日}}）',
      seconds: '{seconds, number, seconds} 秒',
      failed: '今はステータスを取得できませんでした（データベースに接続できますか？）。',
      modelLoadedUntil:
        '{kind, select, chat {チャットモデル} other {埋め込みモデル}} `{name}`：あり、読み込み済み（{until, date, minute} まで）',
      modelLoadedForever:
        '{kind, select, chat {チャットモデル} other {埋め込みモデル}} `{name}`：あり、読み込み済み（常に保持）',
      reasoningNone: '推論しない',
      reasoningOff: '回答前に推論するモデル：推論オフ（OLLAMA_THINK=false）',
      reasoningLow: '回答前に推論するモデル：推論は低（このモデルはオフにできません。OLLAMA_THINK=false）',
      reasoningOn:
        '回答前に推論するモデル：推論 {level, select, on {オン} low {低} medium {中} other {高}}（OLLAMA_THINK={setting}）',
      hostLoaded: '読み込み済み：{models}',
      hostLoadedNone: '読み込み済み：なし',
      loadedUntil: '`{name}`（{until, date, minute} まで）',
      loadedForever: '`{name}`（常に保持）',
      keepAlive: '使用後にモデルを保持する時間：{duration}（OLLAMA_KEEP_ALIVE）',
      keepAliveForever: '使用後にモデルを保持する時間：無期限（OLLAMA_KEEP_ALIVE）',
      keepAliveNever: '使用後にモデルを保持する時間：なし（OLLAMA_KEEP_ALIVE）',
      dimensionMismatch:
        '埋め込みモデル `{name}` は今 {now, number} 次元のベクトルを返しますが、このサーバーのインデックスは {index, number} 次元です：`npm run index -- --reembed` を実行してください（それまで回答はキーワード検索を使います）',
    },
    ko: {
      title: '상태',
      guildUnreachable:
        '인덱서가 {since, date, minute}부터 이 서버에 접근하지 못했습니다({reason}). 봇이 제거되었나요?',
      breaker: '차단기 {state, select, closed {닫힘} open {열림} other {반열림}}, 처리 중 {inFlight, number}',
      hostUp: 'Ollama: {url}에서 접근 가능 (버전 {version}, {breaker})',
      hostMissing: '{models} 없음',
      hostDown: 'Ollama: {url} {reason} ({breaker})',
      hostDownWithError: 'Ollama: {url} {reason} ({breaker}, 마지막 오류: {error})',
      modelUnknown:
        '{kind, select, chat {채팅 모델} other {임베딩 모델}} `{name}`: 알 수 없음 (Ollama에 접근 불가)',
      modelMissing:
        '{kind, select, chat {채팅 모델} other {임베딩 모델}} `{name}`: 받지 않음 (`ollama pull {name}` 실행)',
      modelLoaded: '{kind, select, chat {채팅 모델} other {임베딩 모델}} `{name}`: 있음, 로드됨',
      modelNotLoaded:
        '{kind, select, chat {채팅 모델} other {임베딩 모델}} `{name}`: 있음, 아직 로드 안 됨 (첫 답변이 느려집니다)',
      chromaOk: 'Chroma: 접근 가능',
      chromaDown: 'Chroma: {reason}',
      databaseOk: '데이터베이스: 정상',
      databaseDown: '데이터베이스: {reason}',
      indexed: '이 서버의 색인된 메시지: {messages, number}개 ({channels, plural, other {채널 #개}})',
      runNever: '마지막 색인 실행: 없음 (`npm run index` 실행)',
      runRunning: '마지막 색인 실행: {at, date, minute}, {duration}째 실행 중',
      runDone:
        '마지막 색인 실행: {at, date, minute}, 소요 {duration}, {status, select, ok {성공} partial {일부 완료} failed {실패} other {{status}}} (새 메시지 +{added, number}, 수정 {edited, number}, 삭제 {deleted, number})',
      fullDone: '마지막 전체 점검: {at, date, minute}, 삭제된 메시지 {removed, plural, other {#개}} 제거',
      fullStatus:
        '마지막 전체 점검: {at, date, minute}, {status, select, ok {성공} partial {일부 완료} failed {실패} running {실행 중} other {{status}}}',
      fullNever: '마지막 전체 점검: 없음 (`npm run index -- --full` 또는 INDEX_FULL_CRON)',
      optedOut: '제외를 선택한 멤버 (/나를-잊어줘): {count, number}',
      answers: '답변 수 (최근 {hours, number}시간): {served, number} · 지연 p50 {p50} · p95 {p95}',
      queue:
        '대기열: 대기 {waiting, number} (가장 오래 {longest}, 새 질문 예상 대기 ~{expected}) · 답변 중 {running, number}, 워커 {workers, plural, other {#개}} (슬롯 {slots, plural, other {#개}})',
      ratings: '👍 {up, number} · 👎 {down, number} (최근 {days, plural, other {#일}})',
      seconds: '{seconds, number, seconds}초',
      failed: '지금은 상태를 가져오지 못했습니다 (데이터베이스에 접근할 수 있나요?).',
      modelLoadedUntil:
        '{kind, select, chat {채팅 모델} other {임베딩 모델}} `{name}`: 있음, 로드됨 ({until, date, minute}까지)',
      modelLoadedForever:
        '{kind, select, chat {채팅 모델} other {임베딩 모델}} `{name}`: 있음, 로드됨 (계속 유지)',
      reasoningNone: '추론하지 않음',
      reasoningOff: '답하기 전에 추론함: 추론 꺼짐 (OLLAMA_THINK=false)',
      reasoningLow: '답하기 전에 추론함: 추론 낮음 (이 모델은 끌 수 없음; OLLAMA_THINK=false)',
      reasoningOn:
        '답하기 전에 추론함: 추론 {level, select, on {켜짐} low {낮음} medium {보통} other {높음}} (OLLAMA_THINK={setting})',
      hostLoaded: '로드됨: {models}',
      hostLoadedNone: '로드됨: 없음',
      loadedUntil: '`{name}` ({until, date, minute}까지)',
      loadedForever: '`{name}` (계속 유지)',
      keepAlive: '사용 후 모델 유지 시간: {duration} (OLLAMA_KEEP_ALIVE)',
      keepAliveForever: '사용 후 모델 유지 시간: 계속 (OLLAMA_KEEP_ALIVE)',
      keepAliveNever: '사용 후 모델 유지 시간: 없음 (OLLAMA_KEEP_ALIVE)',
      dimensionMismatch:
        '임베딩 모델 `{name}`이(가) 이제 {now, number}차원 벡터를 내지만 이 서버의 색인은 {index, number}차원입니다: `npm run index -- --reembed`를 실행하세요 (그때까지 답변은 키워드 검색을 씁니다)',
    },
    'zh-CN': {
      title: '状态',
      guildUnreachable: '索引器自 {since, date, minute} 起无法访问本服务器（{reason}）：机器人被移除了吗？',
      breaker: '熔断器{state, select, closed {闭合} open {断开} other {半开}}，进行中 {inFlight, number}',
      hostUp: 'Ollama：可访问，地址 {url}（版本 {version}，{breaker}）',
      hostMissing: '缺少 {models}',
      hostDown: 'Ollama：{url} {reason}（{breaker}）',
      hostDownWithError: 'Ollama：{url} {reason}（{breaker}，最近错误：{error}）',
      modelUnknown: '{kind, select, chat {聊天模型} other {嵌入模型}} `{name}`：未知（无法访问 Ollama）',
      modelMissing:
        '{kind, select, chat {聊天模型} other {嵌入模型}} `{name}`：未拉取（运行 `ollama pull {name}`）',
      modelLoaded: '{kind, select, chat {聊天模型} other {嵌入模型}} `{name}`：已存在，已加载',
      modelNotLoaded:
        '{kind, select, chat {聊天模型} other {嵌入模型}} `{name}`：已存在，尚未加载（第一次回答会较慢）',
      chromaOk: 'Chroma：可访问',
      chromaDown: 'Chroma：{reason}',
      databaseOk: '数据库：正常',
      databaseDown: '数据库：{reason}',
      indexed: '本服务器已索引消息：{messages, number} 条，分布在 {channels, plural, other {# 个}}频道',
      runNever: '上次索引：从未运行（运行 `npm run index`）',
      runRunning: '上次索引：{at, date, minute}，已运行 {duration}',
      runDone:
        '上次索引：{at, date, minute}，耗时 {duration}，{status, select, ok {成功} partial {部分完成} failed {失败} other {{status}}}（新增 +{added, number}，编辑 {edited, number}，删除 {deleted, number}）',
      fullDone: '上次完整检查：{at, date, minute}，移除了 {removed, plural, other {# 条}}已删除的消息',
      fullStatus:
        '上次完整检查：{at, date, minute}，{status, select, ok {成功} partial {部分完成} failed {失败} running {运行中} other {{status}}}',
      fullNever: '上次完整检查：从未运行（`npm run index -- --full` 或 INDEX_FULL_CRON）',
      optedOut: '选择退出的成员（/忘记我）：{count, number}',
      answers: '已回答（最近 {hours, number} 小时）：{served, number} · 延迟 p50 {p50} · p95 {p95}',
      queue:
        '队列：等待 {waiting, number}（最久 {longest}，新问题预计等待 ~{expected}）· 正在回答 {running, number}，工作进程 {workers, plural, other {# 个}}（槽位 {slots, plural, other {# 个}}）',
      ratings: '👍 {up, number} · 👎 {down, number}（最近 {days, plural, other {# 天}}）',
      seconds: '{seconds, number, seconds} 秒',
      failed: '现在无法获取状态（数据库可以访问吗？）。',
      modelLoadedUntil:
        '{kind, select, chat {聊天模型} other {嵌入模型}} `{name}`：已下载，已加载（至 {until, date, minute}）',
      modelLoadedForever:
        '{kind, select, chat {聊天模型} other {嵌入模型}} `{name}`：已下载，已加载（一直保持）',
      reasoningNone: '不推理',
      reasoningOff: '回答前会推理：推理已关闭（OLLAMA_THINK=false）',
      reasoningLow: '回答前会推理：推理为低（此模型无法关闭推理；OLLAMA_THINK=false）',
      reasoningOn:
        '回答前会推理：推理{level, select, on {已开启} low {低} medium {中} other {高}}（OLLAMA_THINK={setting}）',
      hostLoaded: '已加载：{models}',
      hostLoadedNone: '已加载：无',
      loadedUntil: '`{name}`（至 {until, date, minute}）',
      loadedForever: '`{name}`（一直保持）',
      keepAlive: '模型使用后保持加载：{duration}（OLLAMA_KEEP_ALIVE）',
      keepAliveForever: '模型使用后保持加载：一直（OLLAMA_KEEP_ALIVE）',
      keepAliveNever: '模型使用后保持加载：不保持（OLLAMA_KEEP_ALIVE）',
      dimensionMismatch:
        '嵌入模型 `{name}` 现在输出 {now, number} 维向量，但本服务器的索引是 {index, number} 维：请运行 `npm run index -- --reembed`（在此之前回答使用关键词搜索）',
    },
  },
);
