<?php
// wp-config.php written by the chart's install-wordpress.sh. It holds no secret: every setting
// is read from the environment on each request, and NAME_FILE names a file that holds NAME's
// value (a mounted Secret), the variables the official WordPress image reads:
// WORDPRESS_DB_HOST, _DB_USER, _DB_PASSWORD, _DB_NAME, _TABLE_PREFIX, the eight keys and salts
// (WORDPRESS_AUTH_KEY ... WORDPRESS_NONCE_SALT), WORDPRESS_DEBUG and WORDPRESS_CONFIG_EXTRA
// (PHP code run here).
function storefleet_env($name, $default = '') {
    $file = getenv($name . '_FILE');
    if ($file !== false && $file !== '') {
        return rtrim(file_get_contents($file), "\r\n");
    }
    $value = getenv($name);
    return $value === false ? $default : $value;
}

define('DB_NAME', storefleet_env('WORDPRESS_DB_NAME', 'wordpress'));
define('DB_USER', storefleet_env('WORDPRESS_DB_USER', 'wordpress'));
define('DB_PASSWORD', storefleet_env('WORDPRESS_DB_PASSWORD'));
define('DB_HOST', storefleet_env('WORDPRESS_DB_HOST', 'mysql'));
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
// A key left unset is not defined here: WordPress then keeps a generated one in its database.
foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as $key) {
    $value = storefleet_env('WORDPRESS_' . $key);
    if ($value !== '') {
        define($key, $value);
    }
}
$table_prefix = storefleet_env('WORDPRESS_TABLE_PREFIX', 'wp_');
define('WP_DEBUG', (bool) storefleet_env('WORDPRESS_DEBUG'));
// TLS ends at the ingress controller: trust its X-Forwarded-Proto so WordPress builds https URLs.
if (isset($_SERVER['HTTP_X_FORWARDED_PROTO']) && strpos($_SERVER['HTTP_X_FORWARDED_PROTO'], 'https') !== false) {
    $_SERVER['HTTPS'] = 'on';
}
// The store answers on its platform URL and on its custom domains (STOREFLEET_EXTRA_HOSTS,
// comma-separated, verified by the platform): a request for one of those gets links to it, any
// other Host the platform URL, so no one can make the shop link to a host of their choosing.
function storefleet_home($url) {
    $host = strtolower($_SERVER['HTTP_HOST'] ?? '');
    $extra = array_filter(explode(',', storefleet_env('STOREFLEET_EXTRA_HOSTS')));
    // The name decides; a port the request came in on is kept in the links.
    if ($host === '' || !in_array(preg_replace('/:\d+$/', '', $host), $extra, true)) {
        return $url;
    }
    $https = !empty($_SERVER['HTTPS']) && $_SERVER['HTTPS'] !== 'off';
    return ($https ? 'https' : 'http') . '://' . $host;
}
if ($extra = storefleet_env('WORDPRESS_CONFIG_EXTRA')) {
    eval($extra);
}
if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
