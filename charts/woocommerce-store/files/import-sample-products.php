<?php
/**
 * Imports the sample catalogue WooCommerce ships in its own plugin folder
 * (sample-data/sample_products.csv: hoodies, t-shirts, caps, a beanie, an album...) with
 * WooCommerce's own CSV importer and its own column mapping, as its import screen would.
 * Run by bootstrap.sh with `wp eval-file` as the store's administrator, once per store.
 *
 * Images are left out: the CSV names them by URLs on a WooCommerce demo site, and a store that
 * cannot reach it (or that should not fetch from it) must still get its products.
 * Prints "<imported> <failed>" (products and variations; rows that failed), then one line per
 * failed row.
 */
if ( ! defined( 'WC_ABSPATH' ) ) {
	fwrite( STDERR, "WooCommerce is not active\n" );
	exit( 1 );
}
require_once ABSPATH . 'wp-admin/includes/class-wp-importer.php';
require_once WC_ABSPATH . 'includes/admin/importers/class-wc-product-csv-importer-controller.php';
require_once WC_ABSPATH . 'includes/import/class-wc-product-csv-importer.php';

$file = WC_ABSPATH . 'sample-data/sample_products.csv';
if ( ! is_readable( $file ) ) {
	fwrite( STDERR, "no sample catalogue at $file\n" );
	exit( 1 );
}

// The import screen's automatic mapping of the file's headers (a protected method of its controller).
$headers = ( new WC_Product_CSV_Importer( $file, array( 'lines' => 1 ) ) )->get_raw_keys();
$auto_map = new ReflectionMethod( 'WC_Product_CSV_Importer_Controller', 'auto_map_columns' );
$auto_map->setAccessible( true );
$mapped = $auto_map->invoke( new WC_Product_CSV_Importer_Controller(), $headers );
foreach ( $mapped as $index => $field ) {
	if ( 'images' === $field ) {
		$mapped[ $index ] = '';
	}
}

$importer = new WC_Product_CSV_Importer(
	$file,
	array(
		// Keyed by the file's own header names, as the import screen posts them.
		'mapping'          => array( 'from' => array_values( $headers ), 'to' => array_values( $mapped ) ),
		'parse'            => true,
		'update_existing'  => false,
		'prevent_timeouts' => false,
	)
);
$results = $importer->import();
// Skipped rows are products a run cut short already made (update_existing is off): not an error,
// so the import can be run again after an interruption.
echo ( count( $results['imported'] ) + count( $results['imported_variations'] ) ) . ' ' . count( $results['failed'] ) . "\n";
foreach ( $results['failed'] as $error ) {
	echo is_wp_error( $error ) ? $error->get_error_message() . "\n" : "unknown error\n";
}
