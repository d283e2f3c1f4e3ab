<?php
// Router for `php -S` serving a WordPress docroot: existing files and directories are served by
// the built-in server itself (it runs .php files and directory index.php); every other path goes
// to WordPress's index.php, so pretty permalinks (/shop/, /checkout/, /wp-json/...) work.
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
if ($path !== '/' && file_exists($_SERVER['DOCUMENT_ROOT'] . $path)) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
