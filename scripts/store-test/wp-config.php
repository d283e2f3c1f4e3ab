<?php
// wp-config.php for the local store test. Like the official WordPress image, it reads every
// setting from the environment at each request; NAME_FILE variants name a file holding the value.
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
define('DB_HOST', storefleet_env('WORDPRESS_DB_HOST', '127.0.0.1'));
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as $key) {
    define($key, storefleet_env('WORDPRESS_' . $key));
}
$table_prefix = storefleet_env('WORDPRESS_TABLE_PREFIX', 'wp_');
define('WP_DEBUG', false);
if ($extra = storefleet_env('WORDPRESS_CONFIG_EXTRA')) {
    eval($extra);
}
if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
